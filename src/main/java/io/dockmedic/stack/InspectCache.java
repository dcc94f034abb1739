package io.dockmedic.stack;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Inspect results of a project's other containers, kept for a short time (in memory only: they
 * hold env values) so that many diagnoses in one project at once share them. Bounded: entries
 * older than the time to live are dropped whenever the map grows past {@link #MAX_ENTRIES}.
 */
public final class InspectCache {
    static final int MAX_ENTRIES = 1024;

    private record Entry(Optional<ContainerInfo> info, long atNanos) {
    }

    private record Members(java.util.List<Engine.Member> list, long atNanos) {
    }

    private final long ttlNanos;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Members> projects = new ConcurrentHashMap<>();

    /** The members of a project, listed at most once per time to live. */
    java.util.List<Engine.Member> members(Engine engine, String project) throws EngineException {
        long now = System.nanoTime();
        Members m = projects.get(project);
        if (m != null && now - m.atNanos() < ttlNanos) {
            return m.list();
        }
        java.util.List<Engine.Member> list = engine.projectMembers(project);
        if (projects.size() >= MAX_ENTRIES) {
            projects.values().removeIf(old -> now - old.atNanos() >= ttlNanos);
        }
        projects.put(project, new Members(list, now));
        return list;
    }

    public InspectCache(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    Optional<ContainerInfo> inspect(Engine engine, String id) throws EngineException {
        long now = System.nanoTime();
        Entry e = entries.get(id);
        if (e != null && now - e.atNanos() < ttlNanos) {
            return e.info();
        }
        Optional<ContainerInfo> info = engine.inspect(id);
        if (entries.size() >= MAX_ENTRIES) {
            entries.values().removeIf(old -> now - old.atNanos() >= ttlNanos);
        }
        if (entries.size() < MAX_ENTRIES) {
            entries.put(id, new Entry(info, now));
        }
        return info;
    }
}
