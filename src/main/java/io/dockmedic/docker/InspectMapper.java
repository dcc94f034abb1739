package io.dockmedic.docker;

import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.dockmedic.state.Health;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** docker-java's inspect answer to our {@link ContainerInfo}: missing parts become empty values, never null maps. */
final class InspectMapper {
    private InspectMapper() {
    }

    static ContainerInfo toInfo(InspectContainerResponse r) {
        String name = r.getName() == null ? "" : r.getName().replaceFirst("^/", "");
        Map<String, String> labels = new HashMap<>();
        Map<String, String> env = new LinkedHashMap<>();
        String image = "";
        if (r.getConfig() != null) {
            if (r.getConfig().getLabels() != null) {
                labels.putAll(r.getConfig().getLabels());
            }
            if (r.getConfig().getEnv() != null) {
                env(r.getConfig().getEnv(), env);
            }
            image = r.getConfig().getImage() == null ? "" : r.getConfig().getImage();
        }
        InspectContainerResponse.ContainerState s = r.getState();
        Health health = Health.NONE;
        List<ContainerInfo.HealthProbe> probes = new ArrayList<>();
        boolean running = false;
        boolean restarting = false;
        String status = "";
        Integer exit = null;
        boolean oom = false;
        Instant started = null;
        Instant finished = null;
        if (s != null) {
            running = Boolean.TRUE.equals(s.getRunning());
            restarting = Boolean.TRUE.equals(s.getRestarting());
            status = s.getStatus() == null ? "" : s.getStatus();
            exit = s.getExitCodeLong() == null ? null : s.getExitCodeLong().intValue();
            oom = Boolean.TRUE.equals(s.getOOMKilled());
            started = parseTime(s.getStartedAt());
            finished = parseTime(s.getFinishedAt());
            HealthState h = s.getHealth();
            if (h != null && h.getStatus() != null && !h.getStatus().isEmpty()) {
                health = Health.of(h.getStatus());
                probes(h, probes);
            }
        }
        int restarts = r.getRestartCount() == null ? 0 : r.getRestartCount();
        return new ContainerInfo(r.getId(), name, image, labels, env, running, restarting, status, health, probes,
                exit, oom, restarts, started, finished,
                r.getHostConfig() == null ? null : r.getHostConfig().getNetworkMode());
    }

    /** {@code KEY=VALUE} entries; a bare {@code KEY} has an empty value. */
    private static void env(String[] entries, Map<String, String> env) {
        for (String kv : entries) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                env.put(kv.substring(0, eq), kv.substring(eq + 1));
            } else if (!kv.isEmpty()) {
                env.put(kv, "");
            }
        }
    }

    private static void probes(HealthState h, List<ContainerInfo.HealthProbe> probes) {
        if (h.getLog() != null) {
            for (HealthStateLog l : h.getLog()) {
                probes.add(new ContainerInfo.HealthProbe(parseTime(l.getStart()), parseTime(l.getEnd()),
                        l.getExitCodeLong() == null ? null : l.getExitCodeLong().intValue(),
                        l.getOutput() == null ? "" : l.getOutput()));
            }
        }
    }

    /** An engine time; null for none (empty, or Go's zero time {@code 0001-01-01...}) or one that does not parse. */
    static Instant parseTime(String s) {
        if (s == null || s.isEmpty() || s.startsWith("0001-01-01")) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
