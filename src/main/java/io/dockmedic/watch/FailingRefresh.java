package io.dockmedic.watch;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.state.Health;
import io.dockmedic.state.Trigger;
import java.util.Optional;

/**
 * On every refresh tick, diagnoses again every container that is still unhealthy (its cause may have changed
 * meanwhile, e.g. from "database starting up" to "password rejected"), and has the projects checked.
 */
final class FailingRefresh {
    private final Engine engine;
    private final WatchListener listener;
    private final ContainerStates states;
    private final KeyedLanes lanes;
    private final ProjectChecks projects;

    FailingRefresh(Engine engine, WatchListener listener, ContainerStates states, KeyedLanes lanes,
                   ProjectChecks projects) {
        this.engine = engine;
        this.listener = listener;
        this.states = states;
        this.lanes = lanes;
        this.projects = projects;
    }

    void refresh() {
        projects.check(Trigger.REFRESH);
        states.forEach((id, st) -> {
            if (stillFailing(st)) {
                lanes.execute(id, LaneWork.guarded(id, () -> {
                    if (!stillFailing(states.get(id))) {
                        return;
                    }
                    Optional<ContainerInfo> info = engine.inspect(id);
                    if (info.isPresent() && info.get().healthStatus() == Health.UNHEALTHY) {
                        listener.failing(info.get(), Trigger.REFRESH, 0L, null);
                    }
                }));
            }
        });
    }

    private static boolean stillFailing(ContainerState st) {
        return st != null && st.failing && st.health == Health.UNHEALTHY;
    }
}
