package io.dockmedic.evidence;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything known about one failing container at one moment, already redacted: what the rules
 * see and what is shown to people. Env var NAMES only, never values.
 *
 * @param containerName  name without the leading slash
 * @param containerId    full id (never exported as a label)
 * @param project        compose project, or "" when not in a compose project
 * @param service        compose service, or "" (then the container name stands in)
 * @param image          image reference as configured
 * @param trigger        what caused collection: unhealthy, die, oom, oom-no-die, reconcile, manual, log
 * @param logLines       last log lines since the last start, stdout and stderr interleaved, redacted
 * @param probeOutputs   outputs of the latest health probes (oldest first), redacted
 * @param exitCode       exit code of the last run, or null while running / unknown
 * @param oomKilled      the engine's OOMKilled flag
 * @param restartCount   the engine's restart count
 * @param envNames       names of the container's environment variables (values never kept)
 * @param emptyEnvNames  names of variables that are set but empty
 * @param labels         container labels (compose labels etc.)
 * @param healthStatus   healthy/unhealthy/starting/none
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
        String trigger,
        List<String> logLines,
        List<String> probeOutputs,
        Integer exitCode,
        boolean oomKilled,
        int restartCount,
        Set<String> envNames,
        Set<String> emptyEnvNames,
        Map<String, String> labels,
        String healthStatus,
        long eventTimeNanos,
        Set<String> facts,
        List<String> neighborLogs) {

    /** Evidence of one container alone (no stack probes, no neighbours). */
    public Evidence(String containerName, String containerId, String project, String service, String image, String trigger,
                    List<String> logLines, List<String> probeOutputs, Integer exitCode, boolean oomKilled, int restartCount,
                    Set<String> envNames, Set<String> emptyEnvNames, Map<String, String> labels, String healthStatus,
                    long eventTimeNanos) {
        this(containerName, containerId, project, service, image, trigger, logLines, probeOutputs, exitCode, oomKilled,
                restartCount, envNames, emptyEnvNames, labels, healthStatus, eventTimeNanos, Set.of(), List.of());
    }

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
        return new Evidence(name, "", "", "", "", "log", redactedLines, List.of(), null, false, 0,
                Set.of(), Set.of(), Map.of(), "none", 0L);
    }

    /** The service name if known, else the container name: what labels and titles show. */
    public String serviceOrName() {
        return service.isEmpty() ? containerName : service;
    }
}
