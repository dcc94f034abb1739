package io.dockmedic.watch;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineEvent;
import io.dockmedic.docker.EngineException;
import io.dockmedic.state.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Container exits to diagnose, each exit once (by its FinishedAt): a bad exit nobody asked for, or an OOM kill, seen
 * by its die event, or found after the fact (it happened while the stream was down, or while the agent was not
 * running). On the container's lane.
 */
final class ExitDiagnoses {
    /** A die this soon after a kill event was asked for (docker stop, rm -f, restart): not a failure. */
    private static final Duration KILL_TO_DIE = Duration.ofSeconds(60);

    private final Engine engine;
    private final WatchListener listener;
    private final ContainerStates states;
    private final StreamProgress progress;

    ExitDiagnoses(Engine engine, WatchListener listener, ContainerStates states, StreamProgress progress) {
        this.engine = engine;
        this.listener = listener;
        this.states = states;
        this.progress = progress;
    }

    /** A kill event: the die that follows soon was asked for. */
    static void killed(ContainerState st, EngineEvent e) {
        st.killedNanos = e.timeNanos();
    }

    /** A die event: diagnosed when it is an OOM kill, or a non-zero exit nobody asked for with a kill. */
    void died(ContainerState st, EngineEvent e) throws EngineException {
        Integer exit = e.exitCode();
        boolean asked = st.killedNanos > 0 && e.timeNanos() - st.killedNanos < KILL_TO_DIE.toNanos();
        Optional<ContainerInfo> info = engine.inspect(e.id()); // may throw: then retried, kill kept
        st.killedNanos = 0;
        st.dieNanos = Math.max(st.dieNanos, e.timeNanos());
        if (info.isEmpty()) {
            return;
        }
        st.ref = ContainerRef.of(info.get());
        st.exitSeen = true;
        // the oom event comes just before the die; a restart policy may have started the container again
        // (and reset its OOMKilled flag) before this inspect
        boolean oom = info.get().oomKilled() || OomWithoutDie.justBefore(st, e);
        ContainerInfo seen = oom && !info.get().oomKilled() ? info.get().withOomKilled() : info.get();
        boolean already = exitDiagnosed(info.get(), st.diagnosedExit);
        if (!already && (oom || (exit != null && exit != 0 && !asked))) {
            st.failing = true;
            st.diagnosedExit = info.get().finishedAt();
            listener.failing(seen, Trigger.exit(oom), e.timeNanos(), exit);
        }
    }

    /**
     * At a start after a checkpoint: an exited container whose last exit came after the checkpoint, and was a crash,
     * is diagnosed once (by its FinishedAt, as {@link #exitedWhileAway}). Whether someone asked for the exit cannot be
     * known any more (its kill event is gone with the dead agent, or overrun in the engine's small event buffer), so
     * 143 and 130 (SIGTERM, SIGINT: what {@code docker stop} and Ctrl-C give) count as asked for, and 0 is no crash;
     * an OOM kill always is one. An exit whose die event was replayed was decided there. The caller counted the scan
     * as started ({@link StreamProgress#exitScanStarted()}); it ends here.
     */
    void crashedWhileAway(String id, long sinceNanos) throws EngineException {
        try {
            ContainerState st = states.get(id);
            if (st != null && st.exitSeen) {
                return;
            }
            Optional<ContainerInfo> found = engine.inspect(id);
            if (found.isEmpty() || found.get().running() || found.get().finishedAt() == null) {
                return;
            }
            ContainerInfo info = found.get();
            long finished = nanos(info.finishedAt());
            if (finished <= sinceNanos || st != null && exitDiagnosed(info, st.diagnosedExit)) {
                return;
            }
            boolean crash = info.crashed();
            if (st == null) {
                if (!crash) {
                    return;
                }
                st = states.create(id);
            }
            st.ref = ContainerRef.of(info);
            st.exitSeen = true; // decided here: the reconcile does not take a stop for a crash
            if (crash) {
                diagnoseExit(st, info, finished);
            }
        } catch (EngineException e) {
            progress.exitsAgainUnlessPending(sinceNanos); // looked for again after the next connect
            throw e;
        } finally {
            progress.exitScanDone();
        }
    }

    /**
     * A container we knew running has stopped without us seeing its die: it exited while the stream
     * was down (the engine keeps no events across its own restart, and few otherwise). A bad exit is
     * diagnosed now, once per exit (by its FinishedAt); an exit already diagnosed keeps its diagnosis,
     * as it would have without the reconnect. Returns true when the state is kept.
     */
    boolean exitedWhileAway(ContainerState st, ContainerInfo info) {
        boolean diagnosed = exitDiagnosed(info, st.diagnosedExit);
        if (diagnosed) {
            return st.failing;
        }
        Integer exit = info.exitCode();
        if (st.exitSeen || st.ref == null || !(info.oomKilled() || exit != null && exit != 0)) {
            return false;
        }
        long finished = info.finishedAt() == null ? StreamProgress.nowNanos() : nanos(info.finishedAt());
        st.ref = ContainerRef.of(info);
        st.exitSeen = true;
        diagnoseExit(st, info, finished);
        return true;
    }

    private void diagnoseExit(ContainerState st, ContainerInfo info, long finished) {
        st.failing = true;
        st.diagnosedExit = info.finishedAt();
        st.appliedNanos = Math.max(st.appliedNanos, finished);
        listener.failing(info, Trigger.exit(info.oomKilled()), finished, info.exitCode());
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /**
     * Whether the container's last exit is the one already diagnosed (whose FinishedAt is {@code diagnosedExit}):
     * the same FinishedAt, or no start since that exit. A container cannot exit twice without starting in between,
     * and Docker 20.10 restoring containers after its own restart (--live-restore) may state one exit twice, the
     * second time with a later FinishedAt (EngineRestartIT saw it).
     */
    static boolean exitDiagnosed(ContainerInfo info, Instant diagnosedExit) {
        if (diagnosedExit == null || info.finishedAt() == null) {
            return false;
        }
        return info.finishedAt().equals(diagnosedExit) || info.startedAt() != null && !info.startedAt().isAfter(diagnosedExit);
    }
}
