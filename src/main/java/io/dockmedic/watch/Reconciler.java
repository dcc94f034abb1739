package io.dockmedic.watch;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineException;
import io.dockmedic.state.Trigger;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the watcher's state in line with the engine's, on start, after every reconnect and after dropped events:
 * inspects every running container and every one it knew, so that an already unhealthy one is diagnosed exactly
 * once (the engine keeps few past events, none across its own restart). At a start after a checkpoint it also
 * looks at the newest {@link #MAX_EXITED} exited containers for crashes since then.
 */
final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    /** At most this many exited containers (newest first) are looked at for crashes at a start after a checkpoint. */
    static final int MAX_EXITED = 200;

    private final Engine engine;
    private final ContainerStates states;
    private final KeyedLanes lanes;
    private final StreamProgress progress;
    private final HealthTransitions health;
    private final ExitDiagnoses exits;
    private final ProjectChecks projects;
    private final FailedWork failed;

    Reconciler(Engine engine, ContainerStates states, KeyedLanes lanes, StreamProgress progress,
               HealthTransitions health, ExitDiagnoses exits, ProjectChecks projects, FailedWork failed) {
        this.engine = engine;
        this.states = states;
        this.lanes = lanes;
        this.progress = progress;
        this.health = health;
        this.exits = exits;
        this.projects = projects;
        this.failed = failed;
    }

    /** @param exitsSince also diagnose the crashes of exited containers since this time; 0 for none */
    void reconcile(String why, long exitsSince) {
        List<String> running;
        Set<String> exited = Set.of();
        try {
            running = engine.runningContainerIds();
            if (exitsSince > 0) {
                exited = new HashSet<>(engine.exitedContainerIds(MAX_EXITED));
            }
        } catch (EngineException e) {
            if (exitsSince > 0) {
                progress.exitsAgain(exitsSince); // the next connect looks for those crashes again
            }
            log.warn("reconcile ({}) failed: {}", why, e.getMessage());
            return;
        }
        log.info("reconcile ({}): {} running containers{}", why, running.size(),
                exitsSince > 0 ? ", " + exited.size() + " exited looked at for crashes since the checkpoint" : "");
        Set<String> all = new HashSet<>(running);
        all.addAll(states.ids());
        for (String id : all) {
            boolean isRunning = running.contains(id);
            boolean isExited = exited.contains(id);
            if (isExited) {
                progress.exitScanStarted();
            }
            lanes.execute(id, LaneWork.guarded(id, () -> {
                if (isExited) {
                    exits.crashedWhileAway(id, exitsSince);
                }
                reconcileOne(id, isRunning);
            }, () -> failed.reconcile(id, isExited ? exitsSince : 0)));
        }
        for (String id : exited) {
            if (!all.contains(id)) {
                progress.exitScanStarted();
                lanes.execute(id, LaneWork.guarded(id, () -> exits.crashedWhileAway(id, exitsSince),
                        () -> failed.reconcile(id, exitsSince)));
            }
        }
        projects.check(Trigger.RECONCILE);
    }

    /**
     * One container whose reconcile failed on the engine, looked at again while the stream stayed up: what its
     * inspect says now decides (the list of running containers is older).
     *
     * @param exitsSince also diagnose its crash since this time (a start after a checkpoint); 0 for none
     */
    void reconcileAgain(String id, long exitsSince) {
        if (exitsSince > 0) {
            progress.exitScanStarted();
        }
        lanes.execute(id, LaneWork.guarded(id, () -> {
            if (exitsSince > 0) {
                exits.crashedWhileAway(id, exitsSince);
            }
            reconcileOne(id, false);
        }, () -> failed.reconcile(id, exitsSince)));
    }

    private void reconcileOne(String id, boolean running) throws EngineException {
        long now = StreamProgress.nowNanos();
        Optional<ContainerInfo> info = engine.inspect(id);
        ContainerState st = states.get(id);
        if (info.isPresent() && !running && !info.get().running() && st != null && exits.exitedWhileAway(st, info.get())) {
            return;
        }
        if (info.isEmpty() || !running && !info.get().running()) {
            if (st != null) {
                states.forget(id, st);
            }
            return;
        }
        if (st == null) {
            st = states.create(id);
        }
        // no appliedNanos here: events queued behind this reconcile may be older than its inspect,
        // and they still describe transitions (an unhealthy episode that is over now) worth reporting
        st.ref = ContainerRef.of(info.get());
        health.apply(st, id, info.get().healthStatus(), Trigger.RECONCILE, now, info.get());
    }
}
