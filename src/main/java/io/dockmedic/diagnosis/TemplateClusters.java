package io.dockmedic.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockmedic.text.SafeJson;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts unclassified error lines by template ({@link Unclassified#template}) in bounded memory: at
 * most {@code capacity} clusters, kept with the Space-Saving algorithm (a new template takes the
 * place of the least counted one and inherits its count as possible over-count), so the most
 * frequent signatures survive any number of distinct lines. Thread-safe.
 *
 * <p>Signatures are the template's hash: the same failure gets the same id in every run and on
 * every machine, in {@code dockmedic_unclassified_total}, {@code /api/v1/unclassified} and
 * {@code dockmedic rules suggest} alike. Drain's similarity merging of templates is left out on
 * purpose: it would make ids depend on the order lines arrive in; masking every token that holds a
 * digit does most of its work.
 */
public final class TemplateClusters implements ReportSink {
    /** Default number of clusters kept. */
    public static final int DEFAULT_CAPACITY = 200;
    private static final int MAX_EXAMPLE = 500;

    /**
     * One template and how often it was seen.
     *
     * @param error   possible over-count inherited on eviction (Space-Saving); {@code count - error} is a lower bound
     * @param example the last line seen with this template (already redacted by the caller), cut to 500 chars
     */
    public record Cluster(String signature, String template, long count, long error, String example,
                          Instant firstSeen, Instant lastSeen) {
    }

    private final int capacity;
    private final Map<String, Cluster> bySignature = new HashMap<>();

    public TemplateClusters(int capacity) {
        this.capacity = capacity;
    }

    /** Counts the line that gave an unclassified report its signature; matched reports are ignored. */
    @Override
    public void accept(Report report) {
        if (!report.matched()) {
            String line = Unclassified.mostErrorLike(report.unclassified());
            if (line != null) {
                add(line, report.diagnosedAt());
            }
        }
    }

    /** Counts one (redacted) line; returns its signature. */
    public synchronized String add(String line, Instant at) {
        String template = Unclassified.template(line);
        String sig = Unclassified.id(template);
        String example = line.length() > MAX_EXAMPLE ? line.substring(0, MAX_EXAMPLE) + "…" : line;
        Cluster c = bySignature.get(sig);
        if (c != null) {
            bySignature.put(sig, new Cluster(sig, template, c.count() + 1, c.error(), example, c.firstSeen(), at));
            return sig;
        }
        long inherited = 0;
        if (bySignature.size() >= capacity) {
            Cluster least = bySignature.values().stream()
                    .min(Comparator.comparingLong(Cluster::count).thenComparing(Cluster::lastSeen)).orElseThrow();
            bySignature.remove(least.signature());
            inherited = least.count();
        }
        bySignature.put(sig, new Cluster(sig, template, inherited + 1, inherited, example, at, at));
        return sig;
    }

    /** The {@code n} most frequent clusters, most frequent first (ties: most recent first). */
    public synchronized List<Cluster> top(int n) {
        List<Cluster> all = new ArrayList<>(bySignature.values());
        all.sort(Comparator.comparingLong(Cluster::count).reversed()
                .thenComparing(Comparator.comparing(Cluster::lastSeen).reversed())
                .thenComparing(Cluster::signature));
        return List.copyOf(all.subList(0, Math.min(n, all.size())));
    }

    public synchronized int size() {
        return bySignature.size();
    }

    /** {@code {"clusters": [...]}} as served on {@code /api/v1/unclassified}, most frequent first. */
    public static String json(List<Cluster> clusters) {
        ObjectNode root = SafeJson.object(); // not a static mapper: the agent makes this class at start, long before any JSON
        ArrayNode list = root.putArray("clusters");
        for (Cluster c : clusters) {
            list.addObject().put("signature", c.signature()).put("template", c.template()).put("count", c.count())
                    .put("error", c.error()).put("example", c.example())
                    .put("first_seen", c.firstSeen().toString()).put("last_seen", c.lastSeen().toString());
        }
        return SafeJson.compact(root); // JsonNode.toString() would not escape C1 and bidi controls
    }

    /** The clusters of a {@link #json} document. */
    public static List<Cluster> parse(String json) throws IOException {
        List<Cluster> out = new ArrayList<>();
        for (JsonNode c : SafeJson.mapper().readTree(json).path("clusters")) {
            out.add(new Cluster(c.path("signature").asText(), c.path("template").asText(), c.path("count").asLong(),
                    c.path("error").asLong(), c.path("example").asText(), Instant.parse(c.path("first_seen").asText()),
                    Instant.parse(c.path("last_seen").asText())));
        }
        return out;
    }
}
