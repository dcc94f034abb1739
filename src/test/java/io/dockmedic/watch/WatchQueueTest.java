package io.dockmedic.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.EngineEvent;
import io.dockmedic.state.Health;
import io.dockmedic.state.Trigger;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The hand-off from the stream thread: never blocks, a dropped event asks for one reconcile; failed events retried. */
class WatchQueueTest {
    private final AtomicInteger dropped = new AtomicInteger();
    private final WatchListener listener = new WatchListener() {
        @Override
        public void health(ContainerRef ref, Health status) {
        }

        @Override
        public void failing(ContainerInfo info, Trigger trigger, long eventTimeNanos, Integer exitCode) {
        }

        @Override
        public void recovered(ContainerRef ref) {
        }

        @Override
        public void removed(ContainerRef ref) {
        }

        @Override
        public void dropped() {
            dropped.incrementAndGet();
        }
    };

    private static EngineEvent event(String id, long nanos) {
        return new EngineEvent(id, "die", Map.of(), nanos);
    }

    @Test
    void aFullQueueDropsTheEventCountsItAndAsksForOneReconcile() throws Exception {
        WatchQueue queue = new WatchQueue(1, listener);
        assertFalse(queue.takeReconcileRequest());
        queue.offerFromStream(event("a", 1));
        queue.offerFromStream(event("b", 2)); // full: returns at once
        queue.offerFromStream(event("c", 3));
        assertEquals(2, dropped.get());
        assertTrue(queue.takeReconcileRequest());
        assertFalse(queue.takeReconcileRequest(), "the request is taken once");
        WatchItem.Event first = assertInstanceOf(WatchItem.Event.class, queue.take());
        assertEquals("a", first.event().id());
        assertFalse(first.retry());
    }

    /** Beyond what it keeps, failed work is dropped and a reconcile requested instead: nothing is lost silently. */
    @Test
    void failedWorkBeyondItsBoundRequestsAReconcile() {
        WatchQueue queue = new WatchQueue(4, listener);
        FailedWork failed = new FailedWork(queue::requestReconcile);
        for (int i = 0; i < FailedWork.MAX_FAILED; i++) {
            failed.event(event("e" + i, i));
            failed.reconcile("c" + i, 0);
        }
        assertFalse(queue.takeReconcileRequest(), "within the bound");
        failed.event(event("one-more", 1));
        assertTrue(queue.takeReconcileRequest(), "an event dropped");
        failed.reconcile("c1", 5); // already kept: merged, nothing dropped
        assertFalse(queue.takeReconcileRequest());
        failed.reconcile("c-new", 0);
        assertTrue(queue.takeReconcileRequest(), "a container dropped");
    }

    @Test
    void stopDropsWhatWaitsAndLeavesOnlyTheStopItem() throws Exception {
        WatchQueue queue = new WatchQueue(2, listener);
        queue.offerFromStream(event("a", 1));
        queue.offerFromStream(event("b", 2));
        queue.stop();
        assertInstanceOf(WatchItem.Stop.class, queue.take());
    }

    @Test
    void failedEventsComeBackAsRetriesUntilTheWatcherStops() throws Exception {
        WatchQueue queue = new WatchQueue(4, listener);
        FailedWork failed = new FailedWork(() -> {
        });
        failed.event(event("a", 1));
        failed.requeue(queue);
        assertTrue(assertInstanceOf(WatchItem.Event.class, queue.take()).retry());
        failed.stop();
        failed.event(event("b", 2));
        failed.requeue(queue);
        queue.offer(new WatchItem.Refresh());
        assertInstanceOf(WatchItem.Refresh.class, queue.take(), "nothing kept after stop");
    }
}
