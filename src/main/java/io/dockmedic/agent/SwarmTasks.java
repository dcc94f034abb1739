package io.dockmedic.agent;

import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineException;
import io.dockmedic.docker.Orchestrator;
import io.dockmedic.watch.ContainerRef;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which task container of each Swarm service failed last, and in which slot. Swarm kills an unhealthy task and
 * starts a new container in its place: the new one failing is a replacement (the same failure of the service,
 * counted as such), and the old one's exit or removal must not clear what the service still shows. The service's
 * failure ends when a task of the failing slot is healthy, or when the service has no task container left.
 *
 * <p>One entry per failing Swarm service, dropped when it recovers or is gone; the services are outside input, so
 * at most {@link #MAX} entries are kept (the oldest goes first: its next failure then counts as a new one).
 * Containers outside Swarm always hold their own key.
 */
final class SwarmTasks {
    private static final Logger log = LoggerFactory.getLogger(SwarmTasks.class);
    /** Failing Swarm services remembered at most (a guard: one node runs far fewer). */
    static final int MAX = 10_000;

    /** The task that failed last, and its slot ({@link ContainerRef#stableName()}). */
    private record Holder(String id, String slot) {
    }

    private final int max;
    private final Map<String, Holder> holders = new LinkedHashMap<>();
    private boolean warned;

    SwarmTasks() {
        this(MAX);
    }

    SwarmTasks(int max) {
        this.max = max;
    }

    /** Whether the container is a Swarm task whose diagnosis is kept under its service's key. */
    static boolean swarm(ContainerRef ref) {
        return ref.orchestrator() == Orchestrator.SWARM && !ref.key().equals(ref.id());
    }

    /** This task fails: true if another task of its service failed before it (Swarm replaced that one). */
    synchronized boolean failing(ContainerRef ref) {
        if (!swarm(ref)) {
            return false;
        }
        Holder before = holders.remove(ref.key()); // re-inserted: the newest failure is the last to go at the cap
        holders.put(ref.key(), new Holder(ref.id(), ref.stableName()));
        if (holders.size() > max) {
            String eldest = holders.keySet().iterator().next();
            holders.remove(eldest);
            if (!warned) {
                warned = true;
                log.warn("more than {} failing Swarm services: the oldest ({}) is forgotten, its next failure counts "
                        + "as a new one (logged once)", max, eldest);
            }
        }
        return before != null && !before.id().equals(ref.id());
    }

    /** May this container's recovery or refresh speak for its key? Not a task that a newer failing task replaced. */
    synchronized boolean holds(ContainerRef ref) {
        if (!swarm(ref)) {
            return true;
        }
        Holder holder = holders.get(ref.key());
        return holder == null || holder.id().equals(ref.id());
    }

    /**
     * This task is healthy: does that end its service's failure? Yes when another task of the same slot failed last
     * (the one Swarm started in its place works); a healthy task of another slot says nothing about the failing one.
     */
    synchronized boolean heals(ContainerRef ref) {
        if (!swarm(ref)) {
            return false;
        }
        Holder holder = holders.get(ref.key());
        return holder != null && !holder.id().equals(ref.id()) && holder.slot().equals(ref.stableName());
    }

    /** The service's failing task is healthy again (or the service is gone): its next failure is a new one. */
    synchronized void recovered(String key) {
        holders.remove(key);
    }

    /** The keys of the remembered services that have no task container in {@code all} (every Swarm task container). */
    synchronized Set<String> gone(List<Engine.Member> all) {
        Set<String> present = new HashSet<>();
        for (Engine.Member m : all) {
            present.add(key(m));
        }
        Set<String> gone = new HashSet<>(holders.keySet());
        gone.removeAll(present);
        return gone;
    }

    /** The remembered services with no task container left on the engine (none when it cannot tell: checked later). */
    Set<String> gone(Engine engine) {
        if (size() == 0) {
            return Set.of();
        }
        try {
            return gone(engine.swarmContainers());
        } catch (EngineException e) {
            log.debug("Swarm task check skipped: {}", e.getMessage());
            return Set.of();
        }
    }

    /** Whether a Swarm service still has a task container on the engine; when it cannot tell, yes (checked later). */
    static boolean remains(Engine engine, String key) {
        try {
            return engine.swarmContainers().stream().anyMatch(m -> key(m).equals(key));
        } catch (EngineException e) {
            log.debug("{}: its task containers not listed ({}), its diagnosis stays until the next check", key, e.getMessage());
            return true;
        }
    }

    /** The service's key of a listed task container, as {@link ContainerRef#key()} makes it. */
    static String key(Engine.Member m) {
        return new ContainerRef(m.id(), m.name(), m.project(), m.service(), m.labels()).key();
    }

    synchronized int size() {
        return holders.size();
    }
}
