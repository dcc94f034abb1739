package io.dockmedic.docker;

import static io.dockmedic.docker.EngineRequests.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockmedic.state.Health;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The engine's inspect answer (a JSON tree) to our {@link ContainerInfo}: missing parts become empty values, never null maps. */
final class InspectMapper {
    private InspectMapper() {
    }

    /** @param r the engine's answer to {@code GET /containers/ID/json} */
    static ContainerInfo toInfo(JsonNode r) {
        String name = text(r, "Name").replaceFirst("^/", "");
        JsonNode config = r.path("Config");
        Map<String, String> labels = new HashMap<>();
        config.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        Map<String, String> env = new LinkedHashMap<>();
        config.path("Env").forEach(e -> env(e.asText(), env));
        JsonNode s = r.path("State");
        Health health = Health.NONE;
        List<ContainerInfo.HealthProbe> probes = new ArrayList<>();
        JsonNode h = s.path("Health");
        if (!text(h, "Status").isEmpty()) {
            health = Health.of(text(h, "Status"));
            h.path("Log").forEach(l -> probes.add(new ContainerInfo.HealthProbe(parseTime(text(l, "Start")),
                    parseTime(text(l, "End")), l.path("ExitCode").isNumber() ? l.get("ExitCode").asInt() : null,
                    text(l, "Output"))));
        }
        JsonNode networkMode = r.path("HostConfig").get("NetworkMode");
        return new ContainerInfo(text(r, "Id"), name, text(config, "Image"), labels, env,
                s.path("Running").asBoolean(false), s.path("Restarting").asBoolean(false), text(s, "Status"), health, probes,
                s.path("ExitCode").isNumber() ? s.get("ExitCode").asInt() : null, s.path("OOMKilled").asBoolean(false),
                r.path("RestartCount").asInt(0), parseTime(text(s, "StartedAt")), parseTime(text(s, "FinishedAt")),
                networkMode == null || networkMode.isNull() ? null : networkMode.asText());
    }

    /** A {@code KEY=VALUE} entry; a bare {@code KEY} has an empty value. */
    private static void env(String kv, Map<String, String> env) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        } else if (!kv.isEmpty()) {
            env.put(kv, "");
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
