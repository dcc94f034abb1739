package io.dockmedic.watch;

import io.dockmedic.state.Trigger;

/** The listener's look at whole compose projects, on one lane of its own so that checks never overlap. */
final class ProjectChecks {
    /** The lane key of the project checks. */
    private static final String PROJECTS = "compose-projects";

    private final WatchListener listener;
    private final KeyedLanes lanes;

    ProjectChecks(WatchListener listener, KeyedLanes lanes) {
        this.listener = listener;
        this.lanes = lanes;
    }

    /** @param trigger {@link Trigger#RECONCILE} or {@link Trigger#REFRESH} */
    void check(Trigger trigger) {
        lanes.execute(PROJECTS, LaneWork.guarded(PROJECTS, () -> listener.checkProjects(trigger)));
    }
}
