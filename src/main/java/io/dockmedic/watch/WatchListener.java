package io.dockmedic.watch;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.state.Health;
import io.dockmedic.state.Trigger;

/**
 * What the watcher reports, per container in order (one container's calls never overlap), on the
 * watcher's worker lanes. Implementations may do blocking I/O (evidence collection).
 */
public interface WatchListener {

    /** The container's health is now {@code status}. */
    void health(ContainerRef ref, Health status);

    /** The container is unhealthy, or died badly: collect evidence and diagnose. */
    void failing(ContainerInfo info, Trigger trigger, long eventTimeNanos, Integer exitCode);

    /** The container started (a start or restart event), as inspected just after: its restart count, probes. */
    default void started(ContainerInfo info) {
    }

    /** The container recovered: clear its active diagnosis. */
    void recovered(ContainerRef ref);

    /** The container is gone (destroyed, or no longer running): drop everything about it. */
    void removed(ContainerRef ref);

    /**
     * After every reconcile and on every refresh tick, on a worker lane: a chance to look at whole
     * compose projects (the services that should run and do not). {@code trigger} is
     * {@link Trigger#RECONCILE} or {@link Trigger#REFRESH}.
     */
    default void checkProjects(Trigger trigger) {
    }

    /** An event arrived from the engine (after de-duplication). */
    default void event(String kind) {
    }

    /** The event stream is up (true) or down (false). */
    default void streamUp(boolean up) {
    }

    /** The watcher re-subscribed after the stream ended. */
    default void reconnected() {
    }

    /** The queue was full and an event was dropped (a reconcile follows). */
    default void dropped() {
    }
}
