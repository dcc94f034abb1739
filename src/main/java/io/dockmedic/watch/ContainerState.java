package io.dockmedic.watch;

import io.dockmedic.state.Health;
import java.time.Instant;

/** What the watcher knows of one container; touched only on the container's lane. */
final class ContainerState {
    ContainerRef ref;
    Health health = Health.NONE; // until the first look
    boolean failing;
    long appliedNanos;
    long killedNanos;
    /** The exit (a die event, or one a reconcile found) of the current run was seen. */
    boolean exitSeen;
    /** FinishedAt of the exit last reported as failing, so that one exit is diagnosed once. */
    Instant diagnosedExit;
    /** Engine time of the last oom and the last die event. */
    long oomNanos;
    long dieNanos;
}
