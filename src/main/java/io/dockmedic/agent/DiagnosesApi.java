package io.dockmedic.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.diagnosis.ReportFormat;
import io.dockmedic.text.SafeJson;
import io.dockmedic.rules.Lang;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * {@code GET /api/v1/diagnoses}: the active diagnoses (one report per failing container, oldest
 * first) and the recent ones (newest first, at most 200), each report in the contract's JSON with
 * redacted evidence. Query parameters: {@code lang=en|zh} (texts), {@code project}, {@code service}
 * (exact filters).
 */
final class DiagnosesApi {
    private static final Set<String> PARAMS = new TreeSet<>(Set.of("lang", "project", "service"));

    private DiagnosesApi() {
    }

    /** The JSON body; IllegalArgumentException names a bad parameter. */
    static String json(Collection<Report> active, List<Report> recent, Map<String, String> query) {
        for (String name : query.keySet()) {
            if (!PARAMS.contains(name)) {
                throw new IllegalArgumentException("unknown query parameter " + name + " (known: " + String.join(", ", PARAMS) + ")");
            }
        }
        String lang = query.getOrDefault("lang", "en");
        if (!lang.equals("en") && !lang.equals("zh")) {
            throw new IllegalArgumentException("lang must be en or zh");
        }
        Lang l = Lang.pick(lang);
        Predicate<Report> wanted = r -> (!query.containsKey("project") || query.get("project").equals(r.project()))
                && (!query.containsKey("service") || query.get("service").equals(r.serviceOrName()));
        ObjectNode root = SafeJson.object();
        ArrayNode act = root.putArray("active");
        active.stream().filter(wanted).sorted(Comparator.comparing(Report::diagnosedAt))
                .forEach(r -> act.add(ReportFormat.toJson(r, l)));
        ArrayNode rec = root.putArray("recent");
        recent.stream().filter(wanted).forEach(r -> rec.add(ReportFormat.toJson(r, l)));
        return SafeJson.compact(root); // JsonNode.toString() would not escape C1 and bidi controls
    }
}
