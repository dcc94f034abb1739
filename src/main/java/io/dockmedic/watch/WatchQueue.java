package io.dockmedic.watch;

import io.dockmedic.docker.EngineEvent;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The bounded hand-off from the engine's stream thread (and the watcher's own threads) to the dispatcher. The stream
 * thread only offers and never blocks (the engine drops events for readers that block): an event that does not fit
 * is dropped, counted by the listener, and a reconcile is requested instead.
 */
final class WatchQueue {
    private final BlockingQueue<WatchItem> queue;
    private final WatchListener listener;
    private volatile boolean reconcilePending;

    WatchQueue(int capacity, WatchListener listener) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.listener = listener;
    }

    /** From the engine's stream thread: never blocks. */
    void offerFromStream(EngineEvent event) {
        if (!queue.offer(new WatchItem.Event(event, false))) {
            listener.dropped();
            // never block the stream thread: the dispatcher sees the flag after its current item
            requestReconcile();
        }
    }

    /** Has the dispatcher reconcile after its current item (work was dropped: the reconcile covers it). */
    void requestReconcile() {
        reconcilePending = true;
    }

    /** Offers without blocking; a full queue drops the item (a refresh tick comes again). */
    void offer(WatchItem item) {
        queue.offer(item);
    }

    /** Waits for room (the watcher's own threads, not the stream's). */
    void put(WatchItem item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    WatchItem take() throws InterruptedException {
        return queue.take();
    }

    /** Whether a reconcile was requested since the last call (the request is taken). */
    boolean takeReconcileRequest() {
        if (!reconcilePending) {
            return false;
        }
        reconcilePending = false;
        return true;
    }

    /** Drops what waits and tells the dispatcher to end. */
    void stop() {
        queue.clear();
        queue.offer(new WatchItem.Stop());
    }

    /** Items waiting for the dispatcher. */
    int size() {
        return queue.size();
    }
}
