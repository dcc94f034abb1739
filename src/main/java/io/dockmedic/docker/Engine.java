package io.dockmedic.docker;

import java.util.List;
import java.util.Optional;

/**
 * dockmedic's view of the Docker engine. The only implementation that talks to a real engine is
 * {@link DockerJavaEngine}; unit tests may fake this interface, integration tests never do.
 */
public interface Engine extends AutoCloseable {

    /**
     * The container actions dockmedic subscribes to (filtered by the engine). {@code kill} tells a
     * die that someone asked for (docker stop/rm/restart) from a crash.
     */
    List<String> WATCHED_ACTIONS = List.of("health_status", "die", "oom", "start", "restart", "destroy", "kill");

    /** Receives events on the engine's stream thread: implementations must hand off and return at once. */
    interface EventSink {
        void onEvent(EngineEvent event);

        /** The stream ended: {@code error} is null on a normal end. Called at most once per subscription. */
        void onClose(Throwable error);
    }

    /** A running subscription; closing it ends the stream. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Subscribes to container events of {@link #WATCHED_ACTIONS}.
     *
     * @param sinceNanos replay events from this engine time on (epoch nanos); 0 for live only
     * @param untilNanos stop at this time (a finite replay); 0 for an open stream
     */
    Subscription events(long sinceNanos, long untilNanos, EventSink sink) throws EngineException;

    /**
     * Whether {@link #events} with an {@code untilNanos} replays what happened up to it. When not
     * (Podman), the watcher opens its live stream {@code since} the last event seen instead, and
     * reconciles after it as always. Known after {@link #ping}.
     */
    default boolean finiteReplay() {
        return true;
    }

    /**
     * A container of a compose project as the list call shows it (no inspect, no env).
     *
     * @param name     container name without the leading slash
     * @param state    running, restarting, paused, exited, dead or created
     * @param exitCode the exit code the list shows for an exited container ("Exited (1) ..."), else null
     * @param created  when the container was created (the list's {@code Created}), null when unknown
     */
    record Member(String id, String name, String service, String image, String state, Integer exitCode,
                  java.util.Map<String, String> labels, java.time.Instant created) {
        public Member {
            labels = labels == null ? java.util.Map.of() : java.util.Map.copyOf(labels);
        }

        /** A member whose creation time is not known. */
        public Member(String id, String name, String service, String image, String state, Integer exitCode,
                      java.util.Map<String, String> labels) {
            this(id, name, service, image, state, exitCode, labels, null);
        }

        /** The compose project or Swarm stack namespace, or "". */
        public String project() {
            return Orchestrator.of(labels).project(labels);
        }

        /** Running, restarting or paused: the container exists in a started state. */
        public boolean up() {
            return "running".equals(state) || "restarting".equals(state) || "paused".equals(state);
        }
    }

    /** Every container (running or not) of a compose project, or of a Swarm stack when no compose project has that name. */
    default List<Member> projectMembers(String project) throws EngineException {
        throw new EngineException("this engine cannot list projects");
    }

    /** Every container (running or not) that carries a compose project label, of all projects. */
    default List<Member> composeContainers() throws EngineException {
        throw new EngineException("this engine cannot list projects");
    }

    /** Every Swarm task container (running or not) on this engine, of all services. */
    default List<Member> swarmContainers() throws EngineException {
        throw new EngineException("this engine cannot list Swarm tasks");
    }

    /**
     * Ids of exited containers (OOM-killed ones included), newest created first, at most {@code limit}.
     * For the start-up look at what crashed while the agent was not running.
     */
    default List<String> exitedContainerIds(int limit) throws EngineException {
        throw new EngineException("this engine cannot list exited containers");
    }

    /** Ids of running (and restarting) containers. */
    List<String> runningContainerIds() throws EngineException;

    /** Inspect by id or name; empty when the container does not exist. */
    Optional<ContainerInfo> inspect(String idOrName) throws EngineException;

    /**
     * The last {@code tail} log lines since {@code sinceEpochSeconds} (0 = all), stdout and stderr
     * demultiplexed and interleaved, cleaned (ANSI, control bytes, invalid UTF-8, overlong lines).
     * Values are NOT redacted here.
     */
    List<String> logs(String id, long sinceEpochSeconds, int tail) throws EngineException;

    /**
     * {@link #logs}, sent now and awaited later, so that the caller waits for the engine once for several calls.
     * This default reads on the caller's thread, before it returns.
     */
    default PendingCall<List<String>> startLogs(String id, long sinceEpochSeconds, int tail) {
        try {
            return PendingCall.done(logs(id, sinceEpochSeconds, tail));
        } catch (EngineException e) {
            return PendingCall.failed(e);
        }
    }

    /** Restarts a container, giving it {@code stopTimeoutSeconds} to stop before it is killed. */
    default void restart(String id, int stopTimeoutSeconds) throws EngineException {
        throw new EngineException("this engine cannot restart containers");
    }

    /** Stops a container (never removes it), killing it after {@code stopTimeoutSeconds}. */
    default void stop(String id, int stopTimeoutSeconds) throws EngineException {
        throw new EngineException("this engine cannot stop containers");
    }

    /**
     * Runs a command inside a running container and returns its exit code; output is discarded.
     *
     * @throws EngineException also when it does not end within {@code timeout}
     */
    default int exec(String id, List<String> command, java.time.Duration timeout) throws EngineException {
        throw new EngineException("this engine cannot exec in containers");
    }

    /** Checks that the engine answers; returns its version (once per connect: on Podman the version costs seconds). */
    String ping() throws EngineException;

    /**
     * Checks that the engine answers, and nothing more: the watcher's liveness probe while its stream is open. By
     * default {@link #ping}.
     */
    default void alive() throws EngineException {
        ping();
    }

    @Override
    void close();
}
