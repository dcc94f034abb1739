package io.dockmedic.watch;

import io.dockmedic.docker.EngineEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Work whose engine call failed (the engine went away, or stalled on one inspect while its stream stayed up), kept
 * to be done again: events whose transition was not applied, and containers whose reconcile did not inspect them
 * (with the checkpoint's time when their crash while the agent was away was to be looked for).
 * An engine that stalls on one call does not end the stream, so nothing else would look at them again: a container
 * that was already unhealthy sends no further event.
 *
 * <ul>
 *   <li>At the next connect, the events go back to the queue before the replay, so that the transition is reported
 *       even if the container changed meanwhile (a reconcile sees only the end); the containers are dropped, that
 *       connect's reconcile looks at all of them.</li>
 *   <li>While the stream stays up, the watcher's retry tick hands both to the dispatcher.</li>
 * </ul>
 * At most {@link #MAX_FAILED} of each: beyond it the work is dropped and a reconcile requested, which covers it.
 */
final class FailedWork {
    static final int MAX_FAILED = 1024;

    private final Queue<EngineEvent> events = new ConcurrentLinkedQueue<>();
    /** Container id -> the time since which its crashes are looked for, 0 for none. */
    private final Map<String, Long> containers = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private final Runnable dropped;

    /** @param dropped called when work is dropped because too much is kept: request a reconcile */
    FailedWork(Runnable dropped) {
        this.dropped = dropped;
    }

    void event(EngineEvent e) {
        if (stopping) {
            return;
        }
        if (events.size() < MAX_FAILED) {
            events.add(e);
        } else {
            dropped.run();
        }
    }

    /** @param exitsSinceNanos also look for its crash since this time (a start after a checkpoint); 0 for none */
    void reconcile(String containerId, long exitsSinceNanos) {
        if (stopping) {
            return;
        }
        if (containers.size() < MAX_FAILED || containers.containsKey(containerId)) {
            containers.merge(containerId, exitsSinceNanos, Math::max);
        } else {
            dropped.run();
        }
    }

    /**
     * Whether an event of this container is kept: then its later events are kept behind it, not applied before it
     * (one container's events in their order, as on its lane).
     */
    boolean holdsEventsOf(String containerId) {
        for (EngineEvent e : events) {
            if (e.id().equals(containerId)) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return events.isEmpty() && containers.isEmpty();
    }

    /** At a connect: hands every kept event to the queue again, oldest first, as a retry; drops the containers. */
    void requeue(WatchQueue queue) {
        containers.clear();
        for (EngineEvent e : takeEvents()) {
            queue.put(new WatchItem.Event(e, true)); // before the replay: in their order on each lane
        }
    }

    /**
     * All kept events at once: none is left behind to make {@link #holdsEventsOf} hold back an earlier one of the
     * same container while the rest are being handed out.
     */
    private List<EngineEvent> takeEvents() {
        List<EngineEvent> all = new ArrayList<>();
        for (EngineEvent e; (e = events.poll()) != null; ) {
            all.add(e);
        }
        return all;
    }

    /** While the stream is up: takes what is kept, the events oldest first; what fails again is kept again. */
    void retry(Consumer<EngineEvent> event, Reconcile reconcile) {
        takeEvents().forEach(event);
        for (String id : containers.keySet()) {
            Long since = containers.remove(id);
            if (since != null) {
                reconcile.again(id, since);
            }
        }
    }

    interface Reconcile {
        void again(String containerId, long exitsSinceNanos);
    }

    /** The watcher stops: nothing more is kept. */
    void stop() {
        stopping = true;
    }
}
