package io.dockmedic.docker;

import static io.dockmedic.docker.EngineRequests.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine's container lists ({@code GET /containers/json}, read as a JSON tree by {@link EngineRequests}):
 * running ids, the newest exited ids, and the members of a project by label.
 */
final class ContainerLister {
    private static final Pattern EXITED = Pattern.compile("^Exited \\((-?\\d+)\\)");

    private final EngineRequests requests;

    ContainerLister(EngineRequests requests) {
        this.requests = requests;
    }

    /** @param labelFilter {@code key} or {@code key=value}, as {@code docker ps --filter label=...} takes it */
    List<Engine.Member> members(String labelFilter, String which) throws EngineException {
        List<Engine.Member> members = new ArrayList<>();
        for (JsonNode c : list("all=1&filters=" + filter("label", labelFilter), "list containers " + which)) {
            Map<String, String> labels = new HashMap<>();
            c.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            JsonNode names = c.path("Names");
            String name = names.size() == 0 ? text(c, "Id") : names.get(0).asText().replaceFirst("^/", "");
            Matcher exited = EXITED.matcher(text(c, "Status"));
            long created = c.path("Created").asLong(0); // seconds since the epoch
            members.add(new Engine.Member(text(c, "Id"), name, Orchestrator.of(labels).service(labels), text(c, "Image"),
                    text(c, "State"), exited.find() ? Integer.valueOf(exited.group(1)) : null, labels,
                    created > 0 ? Instant.ofEpochSecond(created) : null));
        }
        return members;
    }

    List<String> runningIds() throws EngineException {
        return ids(list("all=0", "list containers"));
    }

    /** the engine lists newest created first; limit bounds the answer on a host with many old containers */
    List<String> exitedIds(int limit) throws EngineException {
        return ids(list("all=1&limit=" + limit + "&filters=" + filter("status", "exited"), "list exited containers"));
    }

    private JsonNode list(String query, String what) throws EngineException {
        return requests.json("/containers/json?" + query, what)
                .orElseThrow(() -> new EngineException("cannot " + what + ": the engine has no container list (HTTP 404)"));
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(c -> ids.add(text(c, "Id")));
        return ids;
    }

    /** The engine's filter syntax, {@code {"label":["k=v"]}}, URL-encoded. */
    static String filter(String key, String value) {
        String json = "{\"" + key + "\":[\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]}";
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }
}
