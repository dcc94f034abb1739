package io.dockmedic.watch;

import io.dockmedic.docker.EngineEvent;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Events whose application failed (the inspect behind a transition failed: the engine went away, or stalled), kept
 * to be applied again after the next connect, before the replay, so that the transition is reported even if the
 * container changed meanwhile (a reconcile sees only the end). At most {@link #MAX_FAILED}: beyond it the reconcile
 * covers.
 */
final class FailedEvents {
    static final int MAX_FAILED = 1024;

    private final Queue<EngineEvent> failed = new ConcurrentLinkedQueue<>();
    private volatile boolean stopping;

    void add(EngineEvent e) {
        if (!stopping && failed.size() < MAX_FAILED) {
            failed.add(e);
        }
    }

    /** Hands every kept event to the queue again, oldest first, as a retry. */
    void requeue(WatchQueue queue) {
        for (EngineEvent e; (e = failed.poll()) != null; ) {
            queue.put(new WatchItem.Event(e, true)); // before the replay: in their order on each lane
        }
    }

    /** The watcher stops: nothing more is kept. */
    void stop() {
        stopping = true;
    }
}
