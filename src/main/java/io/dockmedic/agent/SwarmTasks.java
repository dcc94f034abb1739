package io.dockmedic.agent;

import io.dockmedic.docker.Orchestrator;
import io.dockmedic.watch.ContainerRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which task container of each Swarm service failed last. Swarm kills an unhealthy task and starts a
 * new container in its place: the new one failing is a replacement (the same failure of the service,
 * counted as such), and the old one's removal must not clear what the new one still shows. One entry
 * per failing Swarm service; containers outside Swarm always hold their own key.
 */
final class SwarmTasks {
    private final Map<String, String> holders = new ConcurrentHashMap<>();

    private static boolean swarm(ContainerRef ref) {
        return ref.orchestrator() == Orchestrator.SWARM && !ref.key().equals(ref.id());
    }

    /** This task fails: true if another task of its service failed before it (Swarm replaced that one). */
    boolean failing(ContainerRef ref) {
        if (!swarm(ref)) {
            return false;
        }
        String before = holders.put(ref.key(), ref.id());
        return before != null && !before.equals(ref.id());
    }

    /** May this container's recovery or removal clear its key? Not a task that a newer failing task replaced. */
    boolean holds(ContainerRef ref) {
        if (!swarm(ref)) {
            return true;
        }
        String holder = holders.get(ref.key());
        return holder == null || holder.equals(ref.id());
    }

    /** The service's failing task is healthy again: its next failure is a new one. */
    void recovered(ContainerRef ref) {
        if (swarm(ref)) {
            holders.remove(ref.key(), ref.id());
        }
    }
}
