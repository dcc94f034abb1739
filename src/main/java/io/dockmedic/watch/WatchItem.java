package io.dockmedic.watch;

import io.dockmedic.docker.EngineEvent;

/** The work the dispatcher takes from the {@link WatchQueue}, one item at a time. */
sealed interface WatchItem permits WatchItem.Event, WatchItem.Reconcile, WatchItem.Refresh, WatchItem.Retry,
        WatchItem.Stop {

    /** An event; {@code retry} when its first application failed (then it skips the de-duplication). */
    record Event(EngineEvent event, boolean retry) implements WatchItem {
    }

    /** @param exitsSinceNanos also diagnose the crashes of exited containers since this time; 0 for none */
    record Reconcile(String why, long exitsSinceNanos) implements WatchItem {
    }

    /** Diagnose again the containers that stay unhealthy. */
    record Refresh() implements WatchItem {
    }

    /** Do again the work whose engine call failed while the stream stayed up ({@link FailedWork}). */
    record Retry() implements WatchItem {
    }

    /** The dispatcher ends. */
    record Stop() implements WatchItem {
    }
}
