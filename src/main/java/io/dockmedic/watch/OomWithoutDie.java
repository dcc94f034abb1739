package io.dockmedic.watch;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineEvent;
import io.dockmedic.docker.EngineException;
import io.dockmedic.state.Trigger;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An oom event. When the container's main process was killed, the die that follows at once carries OOMKilled and is
 * diagnosed there; when no die follows within {@link #OOM_TO_DIE}, the kernel killed another process inside and the
 * container lives on: that is diagnosed too ({@link Trigger#OOM_NO_DIE}), once per oom event.
 */
final class OomWithoutDie {
    /** How long after an {@code oom} event its {@code die} may come. */
    static final Duration OOM_TO_DIE = Duration.ofSeconds(2);
    /** Looks made when the inspect fails (a stalled engine), {@link #OOM_TO_DIE} apart. */
    static final int LOOKS = 5;

    private final Engine engine;
    private final WatchListener listener;
    private final ContainerStates states;
    private final KeyedLanes lanes;
    private final ScheduledExecutorService timer;

    OomWithoutDie(Engine engine, WatchListener listener, ContainerStates states, KeyedLanes lanes,
                  ScheduledExecutorService timer) {
        this.engine = engine;
        this.listener = listener;
        this.states = states;
        this.lanes = lanes;
        this.timer = timer;
    }

    /** Whether an oom event came at most {@link #OOM_TO_DIE} before this die: the die is an OOM kill. */
    static boolean justBefore(ContainerState st, EngineEvent die) {
        return st.oomNanos > 0 && st.oomNanos <= die.timeNanos() && die.timeNanos() - st.oomNanos <= OOM_TO_DIE.toNanos();
    }

    /** On the container's lane: remembers the oom and looks again after {@link #OOM_TO_DIE}. */
    void seen(ContainerState st, EngineEvent e) {
        st.oomNanos = e.timeNanos();
        lookLater(e.id(), e.timeNanos(), 1);
    }

    private void lookLater(String id, long oomNanos, int look) {
        Runnable again = look < LOOKS ? () -> lookLater(id, oomNanos, look + 1) : null;
        Runnable work = LaneWork.guarded(id, () -> lookAgain(id, oomNanos), again);
        try {
            timer.schedule(() -> lanes.execute(id, work), OOM_TO_DIE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the watcher stops
        }
    }

    private void lookAgain(String id, long oomNanos) throws EngineException {
        ContainerState st = states.get(id);
        if (st == null || st.oomNanos != oomNanos || st.dieNanos >= oomNanos) {
            return; // a later oom decides, or the die came
        }
        Optional<ContainerInfo> info = engine.inspect(id);
        if (info.isEmpty() || !info.get().running() || info.get().oomKilled()) {
            return; // gone, or its die is on the way
        }
        st.ref = ContainerRef.of(info.get());
        st.failing = true;
        listener.failing(info.get(), Trigger.OOM_NO_DIE, oomNanos, null);
    }
}
