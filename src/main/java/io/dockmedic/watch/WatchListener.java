package io.dockmedic.watch;

import io.dockmedic.docker.ContainerInfo;

/**
 * What the watcher reports, per container in order (one container's calls never overlap), on the
 * watcher's worker lanes. Implementations may do blocking I/O (evidence collection).
 */
public interface WatchListener {
    /**
     * The trigger of an OOM kill inside a container that lives on (an {@code oom} event with no {@code die}):
     * the one place this spelling is made (rules name it in their {@code trigger} conditions).
     */
    String OOM_NO_DIE = "oom-no-die";

    /** The container's health is now {@code status} (healthy, unhealthy, starting, none). */
    void health(ContainerRef ref, String status);

    /** The container is unhealthy, or died badly: collect evidence and diagnose. */
    void failing(ContainerInfo info, String trigger, long eventTimeNanos, Integer exitCode);

    /** The container started (a start or restart event), as inspected just after: its restart count, probes. */
    default void started(ContainerInfo info) {
    }

    /** The container recovered: clear its active diagnosis. */
    void recovered(ContainerRef ref);

    /** The container is gone (destroyed, or no longer running): drop everything about it. */
    void removed(ContainerRef ref);

    /**
     * After every reconcile and on every refresh tick, on a worker lane: a chance to look at whole
     * compose projects (the services that should run and do not). {@code trigger} is reconcile or refresh.
     */
    default void checkProjects(String trigger) {
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
