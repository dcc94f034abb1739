package io.dockmedic.stack;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Inspect results of a project's other containers, kept for a short time (in memory only: they
 * hold env values) so that many diagnoses in one project at once share them. Diagnoses that ask
 * for the same thing at the same time wait for one engine call instead of each making their own
 * (a burst of 50 unhealthy containers in one project lists its members once, not 8 times).
 * Bounded: entries older than the time to live are dropped whenever a map grows past
 * {@link #MAX_ENTRIES}; a failed call is not kept.
 */
public final class InspectCache {
    static final int MAX_ENTRIES = 1024;

    private record Slot<T>(CompletableFuture<T> value, long atNanos) {
    }

    private interface Call<T> {
        T get() throws EngineException;
    }

    private final long ttlNanos;
    private final Map<String, Slot<Optional<ContainerInfo>>> entries = new ConcurrentHashMap<>();
    private final Map<String, Slot<List<Engine.Member>>> projects = new ConcurrentHashMap<>();

    public InspectCache(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    /** The members of a project, listed at most once per time to live. */
    List<Engine.Member> members(Engine engine, String project) throws EngineException {
        return shared(projects, project, () -> engine.projectMembers(project));
    }

    Optional<ContainerInfo> inspect(Engine engine, String id) throws EngineException {
        return shared(entries, id, () -> engine.inspect(id));
    }

    private <T> T shared(Map<String, Slot<T>> map, String key, Call<T> call) throws EngineException {
        long now = System.nanoTime();
        if (map.size() >= MAX_ENTRIES) {
            map.values().removeIf(old -> now - old.atNanos() >= ttlNanos);
        }
        CompletableFuture<T> mine = new CompletableFuture<>();
        Slot<T> slot = map.compute(key, (k, old) -> old != null && now - old.atNanos() < ttlNanos ? old : new Slot<>(mine, now));
        if (slot.value() == mine) {
            try {
                T value = call.get();
                mine.complete(value);
                if (map.size() > MAX_ENTRIES) {
                    map.remove(key, slot); // full of fresh entries: answer, but do not keep
                }
                return value;
            } catch (EngineException | RuntimeException e) {
                map.remove(key, slot);
                mine.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return slot.value().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while waiting for the engine");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EngineException ee) {
                throw new EngineException(ee.getMessage(), ee);
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
