package io.dockmedic.agent;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An engine client that is still being built, on a thread of its own: the daemon's docker-java client (with Jackson
 * and httpclient5, about a thousand classes) is made while the agent compiles its rules and starts its HTTP server.
 * Every call waits for it; {@link #await} throws what building it threw (a TLS file that cannot be used).
 */
final class PendingEngine implements Engine {
    private final OwnThread<Engine, RuntimeException> engine;

    PendingEngine(Supplier<Engine> build) {
        engine = new OwnThread<>("dockmedic-engine-client", RuntimeException.class, () -> {
            Engine built = build.get();
            StartupTimes.mark("engine client built");
            return built;
        });
        // the first request loads the HTTP client's request path (a few hundred classes) and opens a connection: done
        // here, once the client is built, it is off the watcher's way to its first ping and subscription (ready)
        engine.whenBuilt(built -> {
            try {
                built.alive();
            } catch (EngineException e) {
                // the watcher's own ping reports an engine that does not answer, and retries
            }
        });
    }

    /** The engine client, once built; throws what building it threw. */
    Engine await() {
        return engine.await();
    }

    @Override
    public Subscription events(long sinceNanos, long untilNanos, EventSink sink) throws EngineException {
        return await().events(sinceNanos, untilNanos, sink);
    }

    @Override
    public boolean finiteReplay() {
        return await().finiteReplay();
    }

    @Override
    public List<Member> projectMembers(String project) throws EngineException {
        return await().projectMembers(project);
    }

    @Override
    public List<Member> composeContainers() throws EngineException {
        return await().composeContainers();
    }

    @Override
    public List<String> exitedContainerIds(int limit) throws EngineException {
        return await().exitedContainerIds(limit);
    }

    @Override
    public List<String> runningContainerIds() throws EngineException {
        return await().runningContainerIds();
    }

    @Override
    public Optional<ContainerInfo> inspect(String idOrName) throws EngineException {
        return await().inspect(idOrName);
    }

    @Override
    public List<String> logs(String id, long sinceEpochSeconds, int tail) throws EngineException {
        return await().logs(id, sinceEpochSeconds, tail);
    }

    @Override
    public io.dockmedic.docker.PendingCall<List<String>> startLogs(String id, long sinceEpochSeconds, int tail) {
        return await().startLogs(id, sinceEpochSeconds, tail);
    }

    @Override
    public void restart(String id, int stopTimeoutSeconds) throws EngineException {
        await().restart(id, stopTimeoutSeconds);
    }

    @Override
    public void stop(String id, int stopTimeoutSeconds) throws EngineException {
        await().stop(id, stopTimeoutSeconds);
    }

    @Override
    public int exec(String id, List<String> command, Duration timeout) throws EngineException {
        return await().exec(id, command, timeout);
    }

    @Override
    public String ping() throws EngineException {
        return await().ping();
    }

    /** Closes the client once built (a failed build left nothing to close). */
    @Override
    public void close() {
        engine.whenBuilt(Engine::close);
    }
}
