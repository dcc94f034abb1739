package io.dockmedic.watch;

import io.dockmedic.docker.EngineEvent;
import io.dockmedic.docker.EngineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code dockmedic-dispatch} thread: takes the {@link WatchQueue}'s items one at a time, drops replayed events
 * (de-duplicated by id, action and time) and hands each event to its container's lane ({@link KeyedLanes}: one
 * container's work in order, containers in parallel); runs reconciles and refreshes. An event whose application
 * fails on the engine is kept in {@link FailedWork}, done again on the next retry tick or at the next connect.
 */
final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final WatchQueue queue;
    private final WatchListener listener;
    private final KeyedLanes lanes;
    private final StreamProgress progress;
    private final FailedWork failed;
    private final EventTransitions transitions;
    private final Reconciler reconciler;
    private final FailingRefresh refresh;
    private final DuplicateEvents duplicates = new DuplicateEvents();
    private final Thread thread;

    Dispatcher(WatchQueue queue, WatchListener listener, KeyedLanes lanes, StreamProgress progress,
               FailedWork failed, EventTransitions transitions, Reconciler reconciler, FailingRefresh refresh) {
        this.queue = queue;
        this.listener = listener;
        this.lanes = lanes;
        this.progress = progress;
        this.failed = failed;
        this.transitions = transitions;
        this.reconciler = reconciler;
        this.refresh = refresh;
        this.thread = new Thread(this::dispatchLoop, "dockmedic-dispatch");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Waits at most {@code millis} for the thread to end (after the queue's stop item). */
    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    private void dispatchLoop() {
        while (true) {
            WatchItem item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (!(item instanceof WatchItem.Stop) && queue.takeReconcileRequest()) {
                    reconciler.reconcile("events were dropped", 0);
                }
                if (item instanceof WatchItem.Stop) {
                    return;
                } else if (item instanceof WatchItem.Event ei) {
                    dispatch(ei.event(), ei.retry());
                } else if (item instanceof WatchItem.Reconcile ri) {
                    reconciler.reconcile(ri.why(), ri.exitsSinceNanos());
                } else if (item instanceof WatchItem.Refresh) {
                    refresh.refresh();
                } else if (item instanceof WatchItem.Retry) {
                    failed.retry(e -> dispatch(e, true), reconciler::reconcileAgain);
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
            if (!duplicates.firstTime(e)) {
                return; // replayed after a reconnect
            }
            progress.seen(e.timeNanos());
            listener.event(e.kind());
        }
        lanes.execute(e.id(), () -> {
            if (failed.holdsEventsOf(e.id())) {
                failed.event(e); // behind the container's event that failed: done again after it, in order
                return;
            }
            try {
                transitions.apply(e);
            } catch (EngineException ex) {
                // the inspect behind a transition failed (the engine went away, or stalled): applied again later
                failed.event(e);
                log.warn("container {}: {} (the {} event is applied again)",
                        LaneWork.shortId(e.id()), ex.getMessage(), e.action());
            } catch (RuntimeException ex) {
                log.error("container {}: unexpected error", e.id(), ex);
            }
        });
    }
}
