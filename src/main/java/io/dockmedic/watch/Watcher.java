package io.dockmedic.watch;

import io.dockmedic.docker.Engine;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches the engine's containers and reports their transitions to a {@link WatchListener}; composes the parts,
 * each with one job:
 *
 * <ul>
 *   <li>{@link EventSubscription} keeps the event stream (re-subscribing with a replay {@code since} the last event
 *       seen, pinging a silent engine) and only offers events to the bounded {@link WatchQueue}: a full queue drops
 *       the event, counts it and schedules a reconcile.</li>
 *   <li>{@link Dispatcher} de-duplicates ({@link DuplicateEvents}) and hands each event to its container's lane
 *       ({@link KeyedLanes}: one container's work in order, containers in parallel), where
 *       {@link EventTransitions} applies it ({@link HealthTransitions}, {@link ExitDiagnoses},
 *       {@link OomWithoutDie}).</li>
 *   <li>{@link Reconciler} inspects every running container on start and after every reconnect, so an already
 *       unhealthy one is diagnosed exactly once; {@link FailingRefresh} diagnoses again the ones that stay
 *       unhealthy; {@link ProjectChecks} has whole projects looked at after both.</li>
 *   <li>{@link FailedWork} keeps what failed on the engine (an event's inspect, a container's reconcile): done
 *       again at the next connect, or every probe interval while the stream stays up.</li>
 *   <li>{@link StreamProgress} saves the time up to which events were seen as the {@link Checkpoint}.</li>
 * </ul>
 */
public final class Watcher implements AutoCloseable {
    /** How often the engine is pinged while the stream is open: a hung engine sends no error, only silence. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(5);
    /** How often the event checkpoint is saved (and at a clean stop). */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(5);

    private final WatchQueue queue;
    private final KeyedLanes lanes;
    private final FailedWork failed;
    private final StreamProgress progress;
    private final EventSubscription subscription;
    private final Dispatcher dispatcher;
    private final Duration refresh;
    private final Duration retry;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dockmedic-refresh");
        t.setDaemon(true);
        return t;
    });

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

    /**
     * @param probeInterval how often the engine is pinged while the stream is open (liveness), and how often the work
     *                      whose engine call failed meanwhile is done again ({@link FailedWork})
     */
    Watcher(Engine engine, WatchListener listener, int queueCapacity, int workers,
            Duration reconnectInitial, Duration reconnectMax, Duration refresh, Duration probeInterval) {
        this(engine, listener, queueCapacity, workers, reconnectInitial, reconnectMax, refresh, probeInterval,
                Checkpoint.NONE);
    }

    Watcher(Engine engine, WatchListener listener, int queueCapacity, int workers, Duration reconnectInitial,
            Duration reconnectMax, Duration refresh, Duration probeInterval, Checkpoint checkpoint) {
        this.refresh = refresh;
        this.retry = probeInterval;
        this.queue = new WatchQueue(queueCapacity, listener);
        this.failed = new FailedWork(queue::requestReconcile);
        this.lanes = new KeyedLanes(workers, "dockmedic-lane-");
        this.progress = new StreamProgress(checkpoint);
        this.subscription = new EventSubscription(engine, listener, queue, failed, progress, reconnectInitial,
                reconnectMax, probeInterval);
        ContainerStates states = new ContainerStates(listener);
        HealthTransitions health = new HealthTransitions(engine, listener);
        ExitDiagnoses exits = new ExitDiagnoses(engine, listener, states, progress);
        OomWithoutDie oom = new OomWithoutDie(engine, listener, states, lanes, ticker);
        ProjectChecks projects = new ProjectChecks(listener, lanes);
        this.dispatcher = new Dispatcher(queue, listener, lanes, progress, failed,
                new EventTransitions(engine, listener, states, health, exits, oom),
                new Reconciler(engine, states, lanes, progress, health, exits, projects, failed),
                new FailingRefresh(engine, listener, states, lanes, projects));
    }

    public void start() {
        progress.load();
        dispatcher.start();
        subscription.start();
        long every = CHECKPOINT_INTERVAL.toMillis();
        ticker.scheduleWithFixedDelay(this::saveCheckpoint, every, every, TimeUnit.MILLISECONDS);
        long again = retry.toMillis();
        ticker.scheduleWithFixedDelay(this::retryFailed, again, again, TimeUnit.MILLISECONDS);
        if (!refresh.isZero()) {
            long ms = refresh.toMillis();
            ticker.scheduleWithFixedDelay(() -> queue.offer(new WatchItem.Refresh()), ms, ms, TimeUnit.MILLISECONDS);
        }
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
        return subscription.status();
    }

    /** While the stream is up (after a reconnect, the connect takes the failed work), what failed is done again. */
    private void retryFailed() {
        if (!failed.isEmpty() && subscription.status() == EngineStatus.UP) {
            queue.offer(new WatchItem.Retry());
        }
    }

    private void saveCheckpoint() {
        progress.save(subscription.status() == EngineStatus.UP);
    }

    /** Stops the stream, the dispatcher and the lanes, waiting at most {@code timeout} in all. */
    @Override
    public void close() {
        close(Duration.ofSeconds(3));
    }

    public void close(Duration timeout) {
        saveCheckpoint(); // before the stream is closed: while it is up, everything up to now was seen
        failed.stop();
        ticker.shutdownNow();
        subscription.stop();
        queue.stop();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            dispatcher.join(Math.max(1, timeout.toMillis() / 2));
            lanes.shutdown(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
