package io.dockmedic.watch;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineEvent;
import io.dockmedic.docker.EngineException;
import io.dockmedic.state.Health;
import io.dockmedic.state.Trigger;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's health as it changes: a change to unhealthy is {@code failing} (once per episode), back to healthy is
 * {@code recovered}. On the container's lane.
 */
final class HealthTransitions {
    /** One DEBUG line per change to unhealthy: how old the event was when its lane took it, and the inspect. */
    private static final Logger timing = LoggerFactory.getLogger("dockmedic.timing");

    private final Engine engine;
    private final WatchListener listener;

    HealthTransitions(Engine engine, WatchListener listener) {
        this.engine = engine;
        this.listener = listener;
    }

    /** Podman: a health_status event names no status (or a stale one), so the container is inspected. */
    void applyInspected(ContainerState st, EngineEvent e) throws EngineException {
        Optional<ContainerInfo> info = engine.inspect(e.id());
        if (info.isPresent()) {
            st.ref = ContainerRef.of(info.get());
            apply(st, e.id(), info.get().healthStatus(), Trigger.UNHEALTHY, e.timeNanos(), info.get());
        }
    }

    /** @param known the container as just inspected, or null (then inspected when needed) */
    void apply(ContainerState st, String id, Health status, Trigger trigger, long nanos, ContainerInfo known)
            throws EngineException {
        ContainerInfo info = known;
        long laneMillis = System.currentTimeMillis();
        long inspectStart = System.nanoTime();
        if (st.ref == null || (status == Health.UNHEALTHY && st.health != Health.UNHEALTHY && info == null)) {
            Optional<ContainerInfo> fresh = engine.inspect(id);
            if (fresh.isEmpty()) {
                return;
            }
            info = fresh.get();
            st.ref = ContainerRef.of(info);
        }
        Health previous = st.health;
        st.health = status;
        listener.health(st.ref, status);
        if (status == Health.UNHEALTHY && previous != Health.UNHEALTHY) {
            st.failing = true;
            if (timing.isDebugEnabled() && nanos > 0) {
                timing.debug("lane container={} trigger={} event_to_lane_ms={} inspect_ms={}", st.ref.name(), trigger.wire(),
                        laneMillis - nanos / 1_000_000L, (System.nanoTime() - inspectStart) / 1_000_000L);
            }
            listener.failing(info, trigger, nanos, null);
        } else if (status == Health.HEALTHY && st.failing) {
            st.failing = false;
            listener.recovered(st.ref);
        }
    }
}
