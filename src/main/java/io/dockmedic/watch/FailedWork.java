package io.dockmedic.watch;

import io.dockmedic.docker.EngineEvent;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Work whose engine call failed (the engine went away, or stalled on one inspect while its stream stayed up), kept
 * to be done again: events whose transition was not applied, and containers whose reconcile did not inspect them.
 * An engine that stalls on one call does not end the stream, so nothing else would look at them again: a container
 * that was already unhealthy sends no further event.
 *
 * <ul>
 *   <li>At the next connect, the events go back to the queue before the replay, so that the transition is reported
 *       even if the container changed meanwhile (a reconcile sees only the end); the containers are dropped, that
 *       connect's reconcile looks at all of them.</li>
 *   <li>While the stream stays up, the watcher's retry tick hands both to the dispatcher.</li>
 * </ul>
 * At most {@link #MAX_FAILED} of each: beyond it the next reconcile covers.
 */
final class FailedWork {
    static final int MAX_FAILED = 1024;

    private final Queue<EngineEvent> events = new ConcurrentLinkedQueue<>();
    private final Set<String> containers = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    void event(EngineEvent e) {
        if (!stopping && events.size() < MAX_FAILED) {
            events.add(e);
        }
    }

    void reconcile(String containerId) {
        if (!stopping && containers.size() < MAX_FAILED) {
            containers.add(containerId);
        }
    }

    boolean isEmpty() {
        return events.isEmpty() && containers.isEmpty();
    }

    /** At a connect: hands every kept event to the queue again, oldest first, as a retry; drops the containers. */
    void requeue(WatchQueue queue) {
        containers.clear();
        for (EngineEvent e; (e = events.poll()) != null; ) {
            queue.put(new WatchItem.Event(e, true)); // before the replay: in their order on each lane
        }
    }

    /** While the stream is up: takes what is kept, the events oldest first; what fails again is kept again. */
    void retry(Consumer<EngineEvent> event, Consumer<String> reconcile) {
        for (EngineEvent e; (e = events.poll()) != null; ) {
            event.accept(e);
        }
        for (String id : containers) {
            containers.remove(id);
            reconcile.accept(id);
        }
    }

    /** The watcher stops: nothing more is kept. */
    void stop() {
        stopping = true;
    }
}
