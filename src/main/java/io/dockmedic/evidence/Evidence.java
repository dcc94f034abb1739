package io.dockmedic.evidence;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.state.Health;
import io.dockmedic.state.Trigger;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything known about one failing container at one moment, already redacted: what the rules
 * see and what is shown to people. Env var NAMES only, never values. Built by name through
 * {@link #builder()}, {@link #of(ContainerInfo)} or {@link #ofLog}: a new field is one change here.
 *
 * @param containerName  name without the leading slash
 * @param containerId    full id (never exported as a label)
 * @param project        compose project, or "" when not in a compose project
 * @param service        compose service, or "" (then the container name stands in)
 * @param image          image reference as configured
 * @param trigger        what caused collection
 * @param logLines       last log lines since the last start, stdout and stderr interleaved, redacted
 * @param probeOutputs   outputs of the latest health probes (oldest first), redacted
 * @param exitCode       exit code of the last run, or null while running / unknown
 * @param oomKilled      the engine's OOMKilled flag
 * @param restartCount   the engine's restart count
 * @param envNames       names of the container's environment variables (values never kept)
 * @param emptyEnvNames  names of variables that are set but empty
 * @param labels         container labels (compose labels etc.)
 * @param healthStatus   the engine's health of the container
 * @param eventTimeNanos engine time of the triggering event (epoch nanos), 0 when none
 * @param facts          outcomes of the stack's configuration probes (names only, see StackProbe)
 * @param neighborLogs   recent log lines of the services this one depends on, redacted, each
 *                       prefixed with {@code "service | "}
 */
public record Evidence(
        String containerName,
        String containerId,
        String project,
        String service,
        String image,
        Trigger trigger,
        List<String> logLines,
        List<String> probeOutputs,
        Integer exitCode,
        boolean oomKilled,
        int restartCount,
        Set<String> envNames,
        Set<String> emptyEnvNames,
        Map<String, String> labels,
        Health healthStatus,
        long eventTimeNanos,
        Set<String> facts,
        List<String> neighborLogs) {

    public Evidence {
        facts = Set.copyOf(facts);
        neighborLogs = List.copyOf(neighborLogs);
        logLines = List.copyOf(logLines);
        probeOutputs = List.copyOf(probeOutputs);
        envNames = Set.copyOf(envNames);
        emptyEnvNames = Set.copyOf(emptyEnvNames);
        labels = Map.copyOf(labels);
        project = project == null ? "" : project;
        service = service == null ? "" : service;
        image = image == null ? "" : image;
    }

    /** Evidence from a plain log text, with no engine involved (diagnose --log). */
    public static Evidence ofLog(String name, List<String> redactedLines) {
        return builder().containerName(name).trigger(Trigger.LOG).logLines(redactedLines).build();
    }

    /** An empty builder: every field has its "unknown" value until set. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with what inspect tells about the container (names, compose context, image, exit
     * code, OOM flag, restart count, env var NAMES, labels, health); logs, probes, facts and
     * neighbours are left empty.
     */
    public static Builder of(ContainerInfo info) {
        return builder().containerName(info.name()).containerId(info.id()).project(info.project())
                .service(info.service()).image(info.image()).exitCode(info.running() ? null : info.exitCode())
                .oomKilled(info.oomKilled()).restartCount(info.restartCount()).envNames(info.env().keySet())
                .labels(info.labels()).healthStatus(info.healthStatus());
    }

    /** A builder holding this evidence's fields, to change some of them. */
    public Builder toBuilder() {
        return builder().containerName(containerName).containerId(containerId).project(project).service(service)
                .image(image).trigger(trigger).logLines(logLines).probeOutputs(probeOutputs).exitCode(exitCode)
                .oomKilled(oomKilled).restartCount(restartCount).envNames(envNames).emptyEnvNames(emptyEnvNames)
                .labels(labels).healthStatus(healthStatus).eventTimeNanos(eventTimeNanos).facts(facts)
                .neighborLogs(neighborLogs);
    }

    /** Builds evidence by field name: the one place that calls the record's constructor. */
    public static final class Builder {
        private String containerName = "";
        private String containerId = "";
        private String project = "";
        private String service = "";
        private String image = "";
        private Trigger trigger = Trigger.LOG;
        private List<String> logLines = List.of();
        private List<String> probeOutputs = List.of();
        private Integer exitCode;
        private boolean oomKilled;
        private int restartCount;
        private Set<String> envNames = Set.of();
        private Set<String> emptyEnvNames = Set.of();
        private Map<String, String> labels = Map.of();
        private Health healthStatus = Health.NONE;
        private long eventTimeNanos;
        private Set<String> facts = Set.of();
        private List<String> neighborLogs = List.of();

        private Builder() {
        }

        public Builder containerName(String v) {
            containerName = v;
            return this;
        }

        public Builder containerId(String v) {
            containerId = v;
            return this;
        }

        public Builder project(String v) {
            project = v;
            return this;
        }

        public Builder service(String v) {
            service = v;
            return this;
        }

        public Builder image(String v) {
            image = v;
            return this;
        }

        public Builder trigger(Trigger v) {
            trigger = v;
            return this;
        }

        public Builder logLines(List<String> v) {
            logLines = v;
            return this;
        }

        public Builder probeOutputs(List<String> v) {
            probeOutputs = v;
            return this;
        }

        public Builder exitCode(Integer v) {
            exitCode = v;
            return this;
        }

        public Builder oomKilled(boolean v) {
            oomKilled = v;
            return this;
        }

        public Builder restartCount(int v) {
            restartCount = v;
            return this;
        }

        public Builder envNames(Set<String> v) {
            envNames = v;
            return this;
        }

        public Builder emptyEnvNames(Set<String> v) {
            emptyEnvNames = v;
            return this;
        }

        public Builder labels(Map<String, String> v) {
            labels = v;
            return this;
        }

        public Builder healthStatus(Health v) {
            healthStatus = v;
            return this;
        }

        public Builder eventTimeNanos(long v) {
            eventTimeNanos = v;
            return this;
        }

        public Builder facts(Set<String> v) {
            facts = v;
            return this;
        }

        public Builder neighborLogs(List<String> v) {
            neighborLogs = v;
            return this;
        }

        public Evidence build() {
            return new Evidence(containerName, containerId, project, service, image, trigger, logLines, probeOutputs,
                    exitCode, oomKilled, restartCount, envNames, emptyEnvNames, labels, healthStatus, eventTimeNanos,
                    facts, neighborLogs);
        }
    }

    /** The service name if known, else the container name: what labels and titles show. */
    public String serviceOrName() {
        return service.isEmpty() ? containerName : service;
    }
}
