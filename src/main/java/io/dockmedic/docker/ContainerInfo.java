package io.dockmedic.docker;

import io.dockmedic.state.Health;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What inspect tells about one container, free of docker-java types. {@link #env} holds VALUES and
 * must never leave the process: it is used only to build redactors and for in-memory comparisons.
 *
 * @param name         container name without the leading slash
 * @param healthStatus healthy, unhealthy, starting, or {@link Health#NONE} when the image has no healthcheck
 * @param probes       the latest health probe results, oldest first
 * @param exitCode     exit code of the last run (null while it never ran)
 * @param startedAt    when the container last started, or null
 * @param finishedAt   when the container last stopped, or null
 * @param networkMode  HostConfig.NetworkMode, e.g. {@code container:<id>} for compose {@code network_mode: service:X}
 */
public record ContainerInfo(
        String id,
        String name,
        String image,
        Map<String, String> labels,
        Map<String, String> env,
        boolean running,
        boolean restarting,
        String status,
        Health healthStatus,
        List<HealthProbe> probes,
        Integer exitCode,
        boolean oomKilled,
        int restartCount,
        Instant startedAt,
        Instant finishedAt,
        String networkMode) {

    /** Without a network mode (tests, and callers that do not know it). */
    public ContainerInfo(String id, String name, String image, Map<String, String> labels, Map<String, String> env,
                         boolean running, boolean restarting, String status, Health healthStatus, List<HealthProbe> probes,
                         Integer exitCode, boolean oomKilled, int restartCount, Instant startedAt, Instant finishedAt) {
        this(id, name, image, labels, env, running, restarting, status, healthStatus, probes, exitCode, oomKilled,
                restartCount, startedAt, finishedAt, null);
    }

    public ContainerInfo {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        env = env == null ? Map.of() : Map.copyOf(env);
        probes = probes == null ? List.of() : List.copyOf(probes);
        healthStatus = healthStatus == null ? Health.NONE : healthStatus;
    }

    /** One health probe result; {@code end} is null when the engine did not say. */
    public record HealthProbe(Instant start, Instant end, Integer exitCode, String output) {
        public HealthProbe(Instant start, Integer exitCode, String output) {
            this(start, null, exitCode, output);
        }
    }

    /**
     * The same inspect with the OOMKilled flag set: the engine resets the flag when a restart policy starts the
     * container again, which may happen before the inspect after its die (the oom event came first).
     */
    public ContainerInfo withOomKilled() {
        return new ContainerInfo(id, name, image, labels, env, running, restarting, status, healthStatus, probes, exitCode,
                true, restartCount, startedAt, finishedAt, networkMode);
    }

    /** Compose, Swarm or nobody, from the labels. */
    public Orchestrator orchestrator() {
        return Orchestrator.of(labels);
    }

    /** The name that stays across Swarm's task replacements ({@link Orchestrator#stableName}). */
    public String stableName() {
        return orchestrator().stableName(name, labels);
    }

    /** The compose project or Swarm stack namespace, or "". */
    public String project() {
        return orchestrator().project(labels);
    }

    public boolean hasHealthcheck() {
        return healthStatus != Health.NONE;
    }

    /**
     * Its last exit was a crash as far as inspect can tell, not knowing whether someone asked for it:
     * an OOM kill, or an exit code other than 0, 143 and 130 (SIGTERM and SIGINT, what
     * {@code docker stop} and Ctrl-C give).
     */
    public boolean crashed() {
        return oomKilled || exitCode != null && exitCode != 0 && exitCode != 143 && exitCode != 130;
    }

    /** The compose service or Swarm service without its stack prefix, or "". */
    public String service() {
        return orchestrator().service(labels);
    }

    @Override
    public String toString() {
        // never print env values
        return "ContainerInfo[" + name + " " + id + " status=" + status + " health=" + healthStatus + "]";
    }
}
