package io.dockmedic.watch;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineEvent;
import io.dockmedic.docker.EngineException;
import io.dockmedic.state.Health;
import io.dockmedic.state.Trigger;
import java.util.Optional;

/**
 * Applies one engine event to its container's state, on the container's lane: health changes, starts, kills, dies,
 * OOM kills and removals become the {@link WatchListener}'s calls. Events older than what the lane already applied
 * (a late replay) are ignored.
 */
final class EventTransitions {
    private final Engine engine;
    private final WatchListener listener;
    private final ContainerStates states;
    private final HealthTransitions health;
    private final ExitDiagnoses exits;
    private final OomWithoutDie oom;

    EventTransitions(Engine engine, WatchListener listener, ContainerStates states, HealthTransitions health,
                     ExitDiagnoses exits, OomWithoutDie oom) {
        this.engine = engine;
        this.listener = listener;
        this.states = states;
        this.health = health;
        this.exits = exits;
        this.oom = oom;
    }

    void apply(EngineEvent e) throws EngineException {
        ContainerState st = states.get(e.id());
        if (st == null && e.kind().equals("destroy")) {
            return;
        }
        if (st == null) {
            st = states.create(e.id());
        }
        if (e.timeNanos() < st.appliedNanos) {
            return; // older than an event already applied (a late replay)
        }
        long appliedBefore = st.appliedNanos;
        st.appliedNanos = e.timeNanos();
        try {
            applyKind(st, e);
        } catch (EngineException failed) {
            // not applied: when it is done again ({@link FailedWork}), later events that failed as well follow it
            st.appliedNanos = appliedBefore;
            throw failed;
        }
    }

    private void applyKind(ContainerState st, EngineEvent e) throws EngineException {
        switch (e.kind()) {
            case "health_status" -> {
                if (e.healthReported()) {
                    health.apply(st, e.id(), e.healthStatus(), Trigger.UNHEALTHY, e.timeNanos(), null);
                } else {
                    health.applyInspected(st, e); // Podman: the event names no status (or a stale one)
                }
            }
            case "start", "restart" -> started(st, e);
            case "kill" -> ExitDiagnoses.killed(st, e);
            case "die" -> exits.died(st, e);
            case "destroy" -> states.forget(e.id(), st);
            case "oom" -> oom.seen(st, e);
            default -> {
                // other actions change nothing we track
            }
        }
    }

    private void started(ContainerState st, EngineEvent e) throws EngineException {
        Optional<ContainerInfo> info = engine.inspect(e.id());
        if (info.isEmpty()) {
            return;
        }
        st.ref = ContainerRef.of(info.get());
        st.exitSeen = false;
        listener.started(info.get());
        if (!info.get().hasHealthcheck() && st.failing) {
            st.failing = false;
            listener.recovered(st.ref);
        }
        // a run starts without a verdict: the engine sets a health-checked container to starting. Not the inspected
        // status: a replayed start is inspected after everything that followed it, and an unhealthy verdict of a later
        // moment (or of the run before) would take the place of the health_status event that follows in the replay
        Health atStart = info.get().hasHealthcheck() ? Health.STARTING : Health.NONE;
        health.apply(st, e.id(), atStart, Trigger.UNHEALTHY, e.timeNanos(), info.get());
    }
}
