package io.dockmedic.watch;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineEvent;
import io.dockmedic.docker.EngineException;
import io.dockmedic.docker.Labels;
import io.dockmedic.state.Health;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory engine for unit tests (watcher, stack, pipeline); the real path is covered by the *IT tests. */
public final class FakeEngine implements Engine {
    /** The containers it knows, by id; tests add and replace them. */
    public final Map<String, ContainerInfo> containers = new ConcurrentHashMap<>();
    /** Log lines by container id (none unless a test puts some). */
    public final Map<String, List<String>> logs = new ConcurrentHashMap<>();
    final List<EngineEvent> history = new CopyOnWriteArrayList<>();
    final List<EventSink> live = new CopyOnWriteArrayList<>();
    volatile boolean down;
    /** Hung: the stream stays open and silent, every request times out (the real one would block). */
    volatile boolean frozen;
    /** Inspect fails (the engine stalls) while the event stream still delivers. */
    volatile boolean inspectFails;
    volatile int subscriptions;
    /** Like Podman: a replay bounded by {@code until} returns nothing (a since-only stream replays). */
    volatile boolean noFiniteReplay;

    static ContainerInfo container(String id, Health health, boolean running) {
        return new ContainerInfo(id, "c-" + id, "img", Map.of("com.docker.compose.project", "p",
                "com.docker.compose.service", "s-" + id), Map.of(), running, false, running ? "running" : "exited",
                health, List.of(), running ? null : 1, false, 0, Instant.now(), null);
    }

    /** Records an event and delivers it to live subscribers. */
    void emit(String id, String action, long nanos) {
        EngineEvent e = new EngineEvent(id, action, Map.of("name", "c-" + id), nanos);
        ContainerInfo c = containers.get(id);
        if (c != null && e.kind().equals("health_status") && e.healthReported()) {
            // like the real engine, inspect tells the new state from the moment of the event on
            containers.put(id, container(id, e.healthStatus(), c.running()));
        }
        history.add(e);
        if (!down && !frozen) {
            live.forEach(s -> s.onEvent(e));
        }
    }

    /** Ends every live stream with an error and refuses connections until {@link #up()}. */
    void cut() {
        down = true;
        List<EventSink> sinks = new ArrayList<>(live);
        live.clear();
        sinks.forEach(s -> s.onClose(new RuntimeException("connection reset")));
    }

    void up() {
        down = false;
    }

    @Override
    public Subscription events(long sinceNanos, long untilNanos, EventSink sink) throws EngineException {
        if (down) {
            throw new EngineException("refused");
        }
        subscriptions++;
        for (EngineEvent e : history) {
            if (noFiniteReplay && untilNanos > 0) {
                break;
            }
            if (sinceNanos > 0 && e.timeNanos() >= sinceNanos && (untilNanos == 0 || e.timeNanos() <= untilNanos)) {
                sink.onEvent(e);
            }
        }
        if (untilNanos > 0) {
            sink.onClose(null);
            return () -> { };
        }
        live.add(sink);
        return () -> live.remove(sink);
    }

    @Override
    public boolean finiteReplay() {
        return !noFiniteReplay;
    }

    @Override
    public List<Member> projectMembers(String project) {
        return composeContainers().stream().filter(m -> project.equals(m.project())).toList();
    }

    @Override
    public List<Member> composeContainers() {
        return containers.values().stream().filter(c -> !c.project().isEmpty())
                .map(c -> new Member(c.id(), c.name(), c.service(), c.image(), c.running() ? "running" : "exited",
                        c.running() ? null : c.exitCode(), c.labels())).toList();
    }

    @Override
    public List<Member> swarmContainers() {
        return containers.values().stream().filter(c -> c.labels().containsKey(Labels.SWARM_SERVICE))
                .map(c -> new Member(c.id(), c.name(), c.service(), c.image(), c.running() ? "running" : "exited",
                        c.running() ? null : c.exitCode(), c.labels())).toList();
    }

    @Override
    public List<String> runningContainerIds() throws EngineException {
        hangs();
        if (down) {
            throw new EngineException("refused");
        }
        return containers.values().stream().filter(ContainerInfo::running).map(ContainerInfo::id).toList();
    }

    @Override
    public List<String> exitedContainerIds(int limit) throws EngineException {
        hangs();
        if (down) {
            throw new EngineException("refused");
        }
        return containers.values().stream().filter(c -> !c.running()).map(ContainerInfo::id).limit(limit).toList();
    }

    @Override
    public Optional<ContainerInfo> inspect(String idOrName) throws EngineException {
        hangs();
        if (down || inspectFails) {
            throw new EngineException("refused");
        }
        return Optional.ofNullable(containers.get(idOrName));
    }

    @Override
    public List<String> logs(String id, long sinceEpochSeconds, int tail) {
        List<String> all = logs.getOrDefault(id, List.of());
        return all.subList(Math.max(0, all.size() - tail), all.size());
    }

    @Override
    public void restart(String id, int stopTimeoutSeconds) {
        throw new UnsupportedOperationException("the watcher never acts on containers");
    }

    @Override
    public void stop(String id, int stopTimeoutSeconds) {
        throw new UnsupportedOperationException("the watcher never acts on containers");
    }

    @Override
    public int exec(String id, List<String> command, java.time.Duration timeout) {
        throw new UnsupportedOperationException("the watcher never acts on containers");
    }

    /** Connects' pings (which ask the version) and liveness probes. */
    final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger alives = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void alive() throws EngineException {
        alives.incrementAndGet();
        hangs();
        if (down) {
            throw new EngineException("refused");
        }
    }

    @Override
    public String ping() throws EngineException {
        pings.incrementAndGet();
        hangs();
        if (down) {
            throw new EngineException("refused");
        }
        return "fake";
    }

    private void hangs() throws EngineException {
        if (frozen) {
            throw new EngineException(EngineException.Reason.TIMEOUT, "no answer from the engine within the deadline", null);
        }
    }

    @Override
    public void close() {
    }
}
