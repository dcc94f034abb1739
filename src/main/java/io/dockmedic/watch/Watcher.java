package io.dockmedic.watch;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineEvent;
import io.dockmedic.docker.EngineException;
import io.dockmedic.state.Health;
import io.dockmedic.state.Trigger;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a subscription to the engine's container events and turns them into per-container
 * transitions for a {@link WatchListener}.
 *
 * <ul>
 *   <li>The engine's stream thread only offers events to a bounded queue and returns (the engine
 *       drops events for slow readers). A full queue drops the event, counts it and schedules a
 *       reconcile.</li>
 *   <li>When the stream ends or fails it re-subscribes (resilience4j Retry, capped exponential
 *       backoff): first a finite replay {@code since} the last event seen, then a live stream; events
 *       are de-duplicated by (id, action, time).</li>
 *   <li>On start and after every reconnect it reconciles: inspects every running container, so an
 *       already unhealthy one is diagnosed exactly once (the engine keeps few past events, none
 *       across its own restart).</li>
 *   <li>While the stream is open the engine is pinged every {@link #PROBE_INTERVAL} (each engine call
 *       has a deadline): a hung engine keeps the socket open and answers nothing. A failed ping ends
 *       the stream (reported down, {@link #engineStatus()} unresponsive) and re-subscribing takes over.</li>
 *   <li>Work for one container runs in order ({@link KeyedLanes}: N threads shared by all containers); containers run in
 *       parallel. Stale events (older than what a lane already applied) are ignored.</li>
 * </ul>
 */
public final class Watcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Watcher.class);
    private static final int DEDUPE_WINDOW = 8192;
    /** Events whose application failed, kept for the next connect (beyond it: the reconcile covers). */
    private static final int MAX_FAILED = 1024;
    private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(30);
    /** How often the engine is pinged while the stream is open: a hung engine sends no error, only silence. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(5);
    /** A die this soon after a kill event was asked for (docker stop, rm -f, restart): not a failure. */
    private static final Duration KILL_TO_DIE = Duration.ofSeconds(60);
    /** How often the event checkpoint is saved (and at a clean stop). */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(5);
    /**
     * The saved checkpoint lags what was seen by this much: an event seen just before a SIGKILL may still wait in the
     * queue or on a lane (each engine call may take up to its deadline). Replaying it after the restart is harmless.
     */
    static final Duration CHECKPOINT_LAG = Duration.ofSeconds(30);
    /** At most this many exited containers (newest first) are looked at for crashes at a start after a checkpoint. */
    static final int MAX_EXITED = 200;
    /**
     * How long after an {@code oom} event its {@code die} may come: without one, a process inside was killed and the
     * container lives on (diagnosed as {@link Trigger#OOM_NO_DIE}).
     */
    static final Duration OOM_TO_DIE = Duration.ofSeconds(2);
    /** The lane key of the project checks. */
    private static final String PROJECTS = "compose-projects";

    private sealed interface Item permits EventItem, ReconcileItem, RefreshItem, StopItem {
    }

    private record RefreshItem() implements Item {
    }

    /** An event; {@code retry} when its first application failed (then it skips the de-duplication). */
    private record EventItem(EngineEvent event, boolean retry) implements Item {
    }

    /** @param exitsSinceNanos also diagnose the crashes of exited containers since this time; 0 for none */
    private record ReconcileItem(String why, long exitsSinceNanos) implements Item {
    }

    private record StopItem() implements Item {
    }

    /** Per-container state; touched only on the container's lane. */
    private static final class State {
        ContainerRef ref;
        Health health = Health.NONE; // until the first look
        boolean failing;
        long appliedNanos;
        long killedNanos;
        /** The exit (a die event, or one a reconcile found) of the current run was seen. */
        boolean exitSeen;
        /** FinishedAt of the exit last reported as failing, so that one exit is diagnosed once. */
        java.time.Instant diagnosedExit;
        /** Engine time of the last oom and the last die event. */
        long oomNanos;
        long dieNanos;
    }

    private final Engine engine;
    private final WatchListener listener;
    private final BlockingQueue<Item> queue;
    private final KeyedLanes lanes;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final java.util.Queue<EngineEvent> failed = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Map<String, Boolean> seen = new LinkedHashMap<>(DEDUPE_WINDOW, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > DEDUPE_WINDOW;
        }
    };
    private final Retry retry;
    private final Thread watchThread;
    private final Thread dispatchThread;
    private volatile boolean stopping;
    /** Engine time up to which we have seen the stream: the last event, or the start of the live stream. */
    private final java.util.concurrent.atomic.AtomicLong lastSeenNanos = new java.util.concurrent.atomic.AtomicLong();
    private volatile Engine.Subscription live;
    private volatile CompletableFuture<Throwable> liveDone = new CompletableFuture<>();
    private volatile boolean reconcilePending;
    /** A start after a checkpoint: the crashes since this time are still to be looked for (0: none). */
    private volatile long exitsSinceNanos;
    /** Lane tasks of that look not done yet: the checkpoint is not moved past their exits meanwhile. */
    private final java.util.concurrent.atomic.AtomicInteger exitScans = new java.util.concurrent.atomic.AtomicInteger();
    private long savedCheckpoint;
    private final Duration refresh;
    private final Checkpoint checkpoint;
    private final Duration probeInterval;
    private volatile EngineStatus status = EngineStatus.CONNECTING;
    private final java.util.concurrent.ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "dockmedic-refresh"));

    public Watcher(Engine engine, WatchListener listener, int queueCapacity, int workers,
                   Duration reconnectInitial, Duration reconnectMax) {
        this(engine, listener, queueCapacity, workers, reconnectInitial, reconnectMax, Duration.ZERO);
    }

    /**
     * @param refresh how often a container that stays unhealthy is diagnosed again ({@code failing}
     *                with trigger {@code refresh}); zero for never
     */
    public Watcher(Engine engine, WatchListener listener, int queueCapacity, int workers,
                   Duration reconnectInitial, Duration reconnectMax, Duration refresh) {
        this(engine, listener, queueCapacity, workers, reconnectInitial, reconnectMax, refresh, PROBE_INTERVAL, Checkpoint.NONE);
    }

    /**
     * @param checkpoint where the time up to which events were seen is kept across restarts: at start a saved one
     *                   is replayed from, and the crashes since it are diagnosed
     */
    public Watcher(Engine engine, WatchListener listener, int queueCapacity, int workers,
                   Duration reconnectInitial, Duration reconnectMax, Duration refresh, Checkpoint checkpoint) {
        this(engine, listener, queueCapacity, workers, reconnectInitial, reconnectMax, refresh, PROBE_INTERVAL, checkpoint);
    }

    /** @param probeInterval how often the engine is pinged while the stream is open (liveness) */
    Watcher(Engine engine, WatchListener listener, int queueCapacity, int workers,
            Duration reconnectInitial, Duration reconnectMax, Duration refresh, Duration probeInterval) {
        this(engine, listener, queueCapacity, workers, reconnectInitial, reconnectMax, refresh, probeInterval,
                Checkpoint.NONE);
    }

    Watcher(Engine engine, WatchListener listener, int queueCapacity, int workers, Duration reconnectInitial,
            Duration reconnectMax, Duration refresh, Duration probeInterval, Checkpoint checkpoint) {
        this.checkpoint = checkpoint;
        this.refresh = refresh;
        this.probeInterval = probeInterval;
        this.engine = engine;
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.lanes = new KeyedLanes(workers, "dockmedic-lane-");
        this.retry = Retry.of("engine-events", RetryConfig.custom()
                .maxAttempts(Integer.MAX_VALUE)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(reconnectInitial, 2.0, reconnectMax))
                .retryOnException(e -> !stopping && !(e instanceof InterruptedException))
                .failAfterMaxAttempts(false)
                .build());
        retry.getEventPublisher().onRetry(e -> log.warn("engine event stream: attempt {} failed ({}); next try in {} ms",
                e.getNumberOfRetryAttempts(), e.getLastThrowable() == null ? "" : e.getLastThrowable().getMessage(),
                e.getWaitInterval().toMillis()));
        this.watchThread = new Thread(this::watchLoop, "dockmedic-watch");
        this.dispatchThread = new Thread(this::dispatchLoop, "dockmedic-dispatch");
        watchThread.setDaemon(true);
        dispatchThread.setDaemon(true);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public void start() {
        java.util.OptionalLong saved = checkpoint.load();
        if (saved.isPresent() && saved.getAsLong() > 0) {
            long since = Math.min(saved.getAsLong(), nowNanos()); // a checkpoint in the future would hide crashes
            savedCheckpoint = since;
            lastSeenNanos.set(since);
            exitsSinceNanos = since;
            log.info("event checkpoint: replaying the engine's events since {} and diagnosing the crashes since then",
                    java.time.Instant.ofEpochSecond(0, since));
        }
        dispatchThread.start();
        watchThread.start();
        long every = CHECKPOINT_INTERVAL.toMillis();
        ticker.scheduleWithFixedDelay(this::saveCheckpoint, every, every, TimeUnit.MILLISECONDS);
        if (!refresh.isZero()) {
            long ms = refresh.toMillis();
            ticker.scheduleWithFixedDelay(() -> queue.offer(new RefreshItem()), ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    // ---------------------------------------------------------------- subscription

    private void watchLoop() {
        boolean first = true;
        while (!stopping) {
            try {
                retry.executeCheckedSupplier(() -> {
                    connect();
                    return null;
                });
            } catch (Throwable e) {
                if (stopping) {
                    return;
                }
                log.warn("engine event stream: cannot connect: {}", e.toString());
                continue;
            }
            if (!first) {
                listener.reconnected();
            }
            first = false;
            status = EngineStatus.UP;
            listener.streamUp(true);
            Throwable end;
            try {
                end = awaitEndOrSilence();
            } catch (InterruptedException e) {
                return;
            }
            if (status == EngineStatus.UP) {
                status = EngineStatus.CONNECTING; // the stream ended, the engine answered its last ping
            }
            listener.streamUp(false);
            if (stopping) {
                return;
            }
            log.warn("engine event stream ended{}; re-subscribing from the last event seen",
                    end == null ? "" : ": " + end.getMessage());
        }
    }

    /**
     * Waits for the live stream to end, pinging the engine every probe interval meanwhile: a hung
     * engine keeps the stream's socket open and sends nothing, which looks like a quiet engine. When
     * a ping fails (the engine's calls are bounded by a deadline) the stream is closed and counted as
     * ended, so that the stream is reported down and the usual re-subscribe (ping, replay, reconcile)
     * takes over until the engine answers again. One failed ping is enough: it does no work in the
     * engine and has a 5 s deadline, and a false alarm costs only a re-subscribe (replayed from the
     * last event seen, de-duplicated: nothing lost, nothing diagnosed twice).
     */
    private Throwable awaitEndOrSilence() throws InterruptedException {
        CompletableFuture<Throwable> done = liveDone;
        while (true) {
            try {
                return done.get(probeInterval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                return e.getCause();
            } catch (TimeoutException e) {
                if (stopping) {
                    return null;
                }
                try {
                    engine.ping();
                } catch (EngineException pingFailed) {
                    status = statusOf(pingFailed);
                    log.warn("engine does not answer its liveness ping ({}): event stream considered down",
                            pingFailed.getMessage());
                    Engine.Subscription s = live;
                    if (s != null) {
                        s.close();
                    }
                    return pingFailed;
                }
            }
        }
    }

    private static EngineStatus statusOf(EngineException e) {
        return e.unresponsive() ? EngineStatus.UNRESPONSIVE : EngineStatus.UNREACHABLE;
    }

    /**
     * Work the agent has accepted and not started: events, reconciles and refreshes waiting for the
     * dispatcher, plus items waiting for a lane. Near 0 while the agent keeps up with the engine.
     */
    public int backlog() {
        return queue.size() + lanes.pending();
    }

    /** What the watcher knows of the engine now: up, not answering (hung) or refusing. */
    public EngineStatus engineStatus() {
        return status;
    }

    private void connect() throws EngineException, InterruptedException {
        if (stopping) {
            throw new InterruptedException("stopping");
        }
        try {
            engine.ping();
        } catch (EngineException e) {
            status = statusOf(e);
            throw e;
        }
        for (EngineEvent e; (e = failed.poll()) != null; ) {
            enqueue(new EventItem(e, true)); // before the replay: in their order on each lane
        }
        long now = System.currentTimeMillis() * 1_000_000L;
        long since = lastSeenNanos.get();
        boolean finite = engine.finiteReplay();
        if (since > 0 && finite) {
            // finite replay of what happened while we were away, before the live stream
            CompletableFuture<Throwable> replayDone = new CompletableFuture<>();
            try (Engine.Subscription s = engine.events(since, now, sink(replayDone))) {
                Throwable t = replayDone.get(REPLAY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (t != null) {
                    throw new EngineException("event replay failed: " + t.getMessage(), t);
                }
            } catch (TimeoutException e) {
                throw new EngineException("event replay did not end within " + REPLAY_TIMEOUT.toSeconds() + "s");
            } catch (java.util.concurrent.ExecutionException e) {
                throw new EngineException("event replay failed", e);
            }
        }
        CompletableFuture<Throwable> done = new CompletableFuture<>();
        liveDone = done;
        // an engine that cannot replay up to a time (Podman) replays in the live stream; duplicates are dropped
        live = engine.events(since > 0 && !finite ? since : now, 0, sink(done));
        // from now on the stream covers everything: a later reconnect replays from here even when no
        // event came in the meantime (otherwise what happens while we are cut off is never replayed)
        lastSeenNanos.accumulateAndGet(now, Math::max);
        long exits = exitsSinceNanos;
        exitsSinceNanos = 0;
        enqueue(new ReconcileItem(exits > 0 ? "start after a checkpoint" : since > 0 ? "reconnect" : "start", exits));
    }

    private static long nowNanos() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    /**
     * Saves the time up to which the engine's events were seen, less {@link #CHECKPOINT_LAG}: while the stream is up
     * that is now (the stream delivers everything), else the last event or connect. It never moves back, and not
     * while the crashes since the previous checkpoint are still being looked at (a second crash of the agent then
     * looks at them again).
     */
    private synchronized void saveCheckpoint() {
        try {
            long seen = status == EngineStatus.UP ? nowNanos() : lastSeenNanos.get();
            long at = seen - CHECKPOINT_LAG.toNanos();
            if (seen <= 0 || at <= savedCheckpoint || exitsSinceNanos != 0 || exitScans.get() > 0) {
                return;
            }
            checkpoint.save(at);
            savedCheckpoint = at;
        } catch (RuntimeException e) { // NOPMD: the ticker thread must survive a failed save
            log.warn("cannot save the event checkpoint: {}", e.getMessage());
        }
    }

    private Engine.EventSink sink(CompletableFuture<Throwable> done) {
        return new Engine.EventSink() {
            @Override
            public void onEvent(EngineEvent event) {
                if (!queue.offer(new EventItem(event, false))) {
                    listener.dropped();
                    requestReconcile();
                }
            }

            @Override
            public void onClose(Throwable error) {
                done.complete(error);
            }
        };
    }

    private void enqueue(Item item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void requestReconcile() {
        // never block the stream thread: the dispatcher sees the flag after its current item
        reconcilePending = true;
    }

    // ---------------------------------------------------------------- dispatch

    private void dispatchLoop() {
        while (true) {
            Item item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (reconcilePending && !(item instanceof StopItem)) {
                    reconcilePending = false;
                    reconcile("events were dropped", 0);
                }
                if (item instanceof StopItem) {
                    return;
                } else if (item instanceof EventItem ei) {
                    dispatch(ei.event(), ei.retry());
                } else if (item instanceof ReconcileItem ri) {
                    reconcile(ri.why(), ri.exitsSinceNanos());
                } else if (item instanceof RefreshItem) {
                    refreshFailing();
                }
            } catch (Throwable e) { // NOPMD: an Error of one item must not end the only dispatch thread
                if (e instanceof VirtualMachineError) {
                    log.error("dispatch failed for {}: {}", item, e.toString());
                } else {
                    log.error("dispatch failed for {}: {}", item, e.toString(), e);
                }
            }
        }
    }

    private void dispatch(EngineEvent e, boolean retry) {
        if (!retry) {
            if (seen.put(e.key(), Boolean.TRUE) != null) {
                return; // replayed after a reconnect
            }
            lastSeenNanos.accumulateAndGet(e.timeNanos(), Math::max);
            listener.event(e.kind());
        }
        lanes.execute(e.id(), () -> {
            try {
                onEvent(e);
            } catch (EngineException ex) {
                // the inspect behind a transition failed (the engine went away, or stalled): the event
                // is applied again after the next connect, before the replay, so that the transition
                // is reported even if the container changed meanwhile (a reconcile sees only the end)
                if (!stopping && failed.size() < MAX_FAILED) {
                    failed.add(e);
                }
                log.warn("container {}: {} (the {} event is applied again after the reconnect)",
                        e.id().length() > 12 ? e.id().substring(0, 12) : e.id(), ex.getMessage(), e.action());
            } catch (RuntimeException ex) {
                log.error("container {}: unexpected error", e.id(), ex);
            }
        });
    }

    private void reconcile(String why, long exitsSince) {
        List<String> running;
        Set<String> exited = Set.of();
        try {
            running = engine.runningContainerIds();
            if (exitsSince > 0) {
                exited = new HashSet<>(engine.exitedContainerIds(MAX_EXITED));
            }
        } catch (EngineException e) {
            if (exitsSince > 0) {
                exitsSinceNanos = exitsSince; // the next connect looks for those crashes again
            }
            log.warn("reconcile ({}) failed: {}", why, e.getMessage());
            return;
        }
        log.info("reconcile ({}): {} running containers{}", why, running.size(),
                exitsSince > 0 ? ", " + exited.size() + " exited looked at for crashes since the checkpoint" : "");
        Set<String> all = new HashSet<>(running);
        all.addAll(states.keySet());
        for (String id : all) {
            boolean isRunning = running.contains(id);
            boolean isExited = exited.contains(id);
            if (isExited) {
                exitScans.incrementAndGet();
            }
            lanes.execute(id, () -> guarded(id, () -> {
                if (isExited) {
                    crashedWhileAway(id, exitsSince);
                }
                reconcileOne(id, isRunning);
            }));
        }
        for (String id : exited) {
            if (!all.contains(id)) {
                exitScans.incrementAndGet();
                lanes.execute(id, () -> guarded(id, () -> crashedWhileAway(id, exitsSince)));
            }
        }
        checkProjects(Trigger.RECONCILE);
    }

    /** The listener's look at whole projects, on one lane so that checks never overlap. */
    private void checkProjects(Trigger trigger) {
        lanes.execute(PROJECTS, () -> guarded(PROJECTS, () -> listener.checkProjects(trigger)));
    }

    /** Diagnoses again every container that is still failing: its cause may have changed meanwhile. */
    private void refreshFailing() {
        checkProjects(Trigger.REFRESH);
        states.forEach((id, st) -> {
            if (st.failing && st.health == Health.UNHEALTHY) {
                lanes.execute(id, () -> guarded(id, () -> {
                    State now = states.get(id);
                    if (now == null || !now.failing || now.health != Health.UNHEALTHY) {
                        return;
                    }
                    Optional<ContainerInfo> info = engine.inspect(id);
                    if (info.isPresent() && info.get().healthStatus() == Health.UNHEALTHY) {
                        listener.failing(info.get(), Trigger.REFRESH, 0L, null);
                    }
                }));
            }
        });
    }

    private interface Work {
        void run() throws EngineException;
    }

    private void guarded(String id, Work work) {
        try {
            work.run();
        } catch (EngineException e) {
            log.warn("container {}: {}", id.length() > 12 ? id.substring(0, 12) : id, e.getMessage());
        } catch (RuntimeException e) {
            log.error("container {}: unexpected error", id, e);
        }
    }

    // ---------------------------------------------------------------- per-container state (on its lane)

    private void onEvent(EngineEvent e) throws EngineException {
        State st = states.get(e.id());
        if (st == null && e.kind().equals("destroy")) {
            return;
        }
        if (st == null) {
            st = new State();
            states.put(e.id(), st);
        }
        if (e.timeNanos() < st.appliedNanos) {
            return; // older than an event already applied (a late replay)
        }
        st.appliedNanos = e.timeNanos();
        switch (e.kind()) {
            case "health_status" -> {
                if (e.healthReported()) {
                    applyHealth(st, e.id(), e.healthStatus(), Trigger.UNHEALTHY, e.timeNanos(), null);
                } else {
                    applyInspectedHealth(st, e); // Podman: the event names no status (or a stale one)
                }
            }
            case "start", "restart" -> {
                Optional<ContainerInfo> info = engine.inspect(e.id());
                if (info.isEmpty()) {
                    return;
                }
                st.ref = ContainerRef.of(info.get());
                st.exitSeen = false;
                listener.started(info.get());
                if (!info.get().hasHealthcheck() && st.failing) {
                    st.failing = false;
                    listener.recovered(st.ref);
                }
                applyHealth(st, e.id(), info.get().healthStatus(), Trigger.UNHEALTHY, e.timeNanos(), info.get());
            }
            case "kill" -> st.killedNanos = e.timeNanos();
            case "die" -> {
                Integer exit = e.exitCode();
                boolean asked = st.killedNanos > 0 && e.timeNanos() - st.killedNanos < KILL_TO_DIE.toNanos();
                Optional<ContainerInfo> info = engine.inspect(e.id()); // may throw: then retried, kill kept
                st.killedNanos = 0;
                st.dieNanos = Math.max(st.dieNanos, e.timeNanos());
                if (info.isEmpty()) {
                    return;
                }
                st.ref = ContainerRef.of(info.get());
                st.exitSeen = true;
                // the oom event comes just before the die; a restart policy may have started the container again
                // (and reset its OOMKilled flag) before this inspect
                boolean oomEvent = st.oomNanos > 0 && st.oomNanos <= e.timeNanos()
                        && e.timeNanos() - st.oomNanos <= OOM_TO_DIE.toNanos();
                boolean oom = info.get().oomKilled() || oomEvent;
                ContainerInfo seen = oom && !info.get().oomKilled() ? info.get().withOomKilled() : info.get();
                boolean already = exitDiagnosed(info.get(), st.diagnosedExit);
                if (!already && (oom || (exit != null && exit != 0 && !asked))) {
                    st.failing = true;
                    st.diagnosedExit = info.get().finishedAt();
                    listener.failing(seen, Trigger.exit(oom), e.timeNanos(), exit);
                }
            }
            case "destroy" -> {
                states.remove(e.id());
                if (st.ref != null) {
                    listener.removed(st.ref);
                }
            }
            case "oom" -> oomSeen(st, e);
            default -> {
                // other actions change nothing we track
            }
        }
    }

    /**
     * An oom event. When the container's main process was killed, the die that follows at once carries
     * OOMKilled and is diagnosed there; when no die follows within {@link #OOM_TO_DIE}, the kernel killed
     * another process inside and the container lives on: that is diagnosed too, once per oom event.
     */
    private void oomSeen(State st, EngineEvent e) {
        st.oomNanos = e.timeNanos();
        long at = e.timeNanos();
        String id = e.id();
        try {
            ticker.schedule(() -> lanes.execute(id, () -> guarded(id, () -> oomWithoutDie(id, at))),
                    OOM_TO_DIE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the watcher stops
        }
    }

    private void oomWithoutDie(String id, long oomNanos) throws EngineException {
        State st = states.get(id);
        if (st == null || st.oomNanos != oomNanos || st.dieNanos >= oomNanos) {
            return; // a later oom decides, or the die came
        }
        Optional<ContainerInfo> info = engine.inspect(id);
        if (info.isEmpty() || !info.get().running() || info.get().oomKilled()) {
            return; // gone, or its die is on the way
        }
        st.ref = ContainerRef.of(info.get());
        st.failing = true;
        listener.failing(info.get(), Trigger.OOM_NO_DIE, oomNanos, null);
    }


    private void applyInspectedHealth(State st, EngineEvent e) throws EngineException {
        Optional<ContainerInfo> info = engine.inspect(e.id());
        if (info.isPresent()) {
            st.ref = ContainerRef.of(info.get());
            applyHealth(st, e.id(), info.get().healthStatus(), Trigger.UNHEALTHY, e.timeNanos(), info.get());
        }
    }

    private void applyHealth(State st, String id, Health status, Trigger trigger, long nanos, ContainerInfo known)
            throws EngineException {
        ContainerInfo info = known;
        if (st.ref == null || (status == Health.UNHEALTHY && st.health != Health.UNHEALTHY && info == null)) {
            Optional<ContainerInfo> fresh = engine.inspect(id);
            if (fresh.isEmpty()) {
                return;
            }
            info = fresh.get();
            st.ref = ContainerRef.of(info);
        }
        Health previous = st.health;
        st.health = status;
        listener.health(st.ref, status);
        if (status == Health.UNHEALTHY && previous != Health.UNHEALTHY) {
            st.failing = true;
            listener.failing(info, trigger, nanos, null);
        } else if (status == Health.HEALTHY && st.failing) {
            st.failing = false;
            listener.recovered(st.ref);
        }
    }

    private void reconcileOne(String id, boolean running) throws EngineException {
        long now = System.currentTimeMillis() * 1_000_000L;
        Optional<ContainerInfo> info = engine.inspect(id);
        State st = states.get(id);
        if (info.isPresent() && !running && !info.get().running() && st != null && exitedWhileAway(st, info.get())) {
            return;
        }
        if (info.isEmpty() || !running && !info.get().running()) {
            if (st != null) {
                states.remove(id);
                if (st.ref != null) {
                    listener.removed(st.ref);
                }
            }
            return;
        }
        if (st == null) {
            st = new State();
            states.put(id, st);
        }
        // no appliedNanos here: events queued behind this reconcile may be older than its inspect,
        // and they still describe transitions (an unhealthy episode that is over now) worth reporting
        st.ref = ContainerRef.of(info.get());
        applyHealth(st, id, info.get().healthStatus(), Trigger.RECONCILE, now, info.get());
    }

    /**
     * At a start after a checkpoint: an exited container whose last exit came after the checkpoint, and was a crash,
     * is diagnosed once (by its FinishedAt, as {@link #exitedWhileAway}). Whether someone asked for the exit cannot be
     * known any more (its kill event is gone with the dead agent, or overrun in the engine's small event buffer), so
     * 143 and 130 (SIGTERM, SIGINT: what {@code docker stop} and Ctrl-C give) count as asked for, and 0 is no crash;
     * an OOM kill always is one. An exit whose die event was replayed was decided there.
     */
    private void crashedWhileAway(String id, long sinceNanos) throws EngineException {
        try {
            State st = states.get(id);
            if (st != null && st.exitSeen) {
                return;
            }
            Optional<ContainerInfo> found = engine.inspect(id);
            if (found.isEmpty() || found.get().running() || found.get().finishedAt() == null) {
                return;
            }
            ContainerInfo info = found.get();
            long finished = info.finishedAt().getEpochSecond() * 1_000_000_000L + info.finishedAt().getNano();
            if (finished <= sinceNanos || st != null && exitDiagnosed(info, st.diagnosedExit)) {
                return;
            }
            Integer exit = info.exitCode();
            boolean crash = info.crashed();
            if (st == null) {
                if (!crash) {
                    return;
                }
                st = new State();
                states.put(id, st);
            }
            st.ref = ContainerRef.of(info);
            st.exitSeen = true; // decided here: the reconcile does not take a stop for a crash
            if (crash) {
                st.failing = true;
                st.diagnosedExit = info.finishedAt();
                st.appliedNanos = Math.max(st.appliedNanos, finished);
                listener.failing(info, Trigger.exit(info.oomKilled()), finished, exit);
            }
        } catch (EngineException e) {
            if (exitsSinceNanos == 0) {
                exitsSinceNanos = sinceNanos; // looked for again after the next connect
            }
            throw e;
        } finally {
            exitScans.decrementAndGet();
        }
    }

    /**
     * Whether the container's last exit is the one already diagnosed (whose FinishedAt is {@code diagnosedExit}):
     * the same FinishedAt, or no start since that exit. A container cannot exit twice without starting in between,
     * and Docker 20.10 restoring containers after its own restart (--live-restore) may state one exit twice, the
     * second time with a later FinishedAt (EngineRestartIT saw it).
     */
    private static boolean exitDiagnosed(ContainerInfo info, java.time.Instant diagnosedExit) {
        if (diagnosedExit == null || info.finishedAt() == null) {
            return false;
        }
        return info.finishedAt().equals(diagnosedExit) || info.startedAt() != null && !info.startedAt().isAfter(diagnosedExit);
    }

    /**
     * A container we knew running has stopped without us seeing its die: it exited while the stream
     * was down (the engine keeps no events across its own restart, and few otherwise). A bad exit is
     * diagnosed now, once per exit (by its FinishedAt); an exit already diagnosed keeps its diagnosis,
     * as it would have without the reconnect. Returns true when the state is kept.
     */
    private boolean exitedWhileAway(State st, ContainerInfo info) {
        boolean diagnosed = exitDiagnosed(info, st.diagnosedExit);
        if (diagnosed) {
            return st.failing;
        }
        Integer exit = info.exitCode();
        if (st.exitSeen || st.ref == null || !(info.oomKilled() || exit != null && exit != 0)) {
            return false;
        }
        long finished = info.finishedAt() == null ? System.currentTimeMillis() * 1_000_000L
                : info.finishedAt().getEpochSecond() * 1_000_000_000L + info.finishedAt().getNano();
        st.ref = ContainerRef.of(info);
        st.exitSeen = true;
        st.failing = true;
        st.diagnosedExit = info.finishedAt();
        st.appliedNanos = Math.max(st.appliedNanos, finished);
        listener.failing(info, Trigger.exit(info.oomKilled()), finished, exit);
        return true;
    }

    // ---------------------------------------------------------------- lifecycle

    /** Stops the stream, the dispatcher and the lanes, waiting at most {@code timeout} in all. */
    @Override
    public void close() {
        close(Duration.ofSeconds(3));
    }

    public void close(Duration timeout) {
        saveCheckpoint(); // before the stream is closed: while it is up, everything up to now was seen
        stopping = true;
        ticker.shutdownNow();
        Engine.Subscription s = live;
        if (s != null) {
            s.close();
        }
        liveDone.complete(null);
        watchThread.interrupt();
        queue.clear();
        queue.offer(new StopItem());
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            dispatchThread.join(Math.max(1, timeout.toMillis() / 2));
            lanes.shutdown(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
