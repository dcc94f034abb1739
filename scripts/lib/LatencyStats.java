import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints p50/p99 latency from the agent's /api/v1/diagnoses JSON and /metrics histogram (bench-latency.sh).
 * Arguments: API_JSON METRICS EXPECTED [active|recent] [AGENT_LOG]: the reports of the "active" part (one per
 * container of a burst) or of the "recent" part (every diagnosis, for one container at a time); with the agent's
 * log, also where the time went, from its dockmedic.timing DEBUG lines.
 */
public class LatencyStats {
    private static final Pattern FIELD = Pattern.compile("(\\w+)_ms=(-?\\d+)");

    public static void main(String[] args) throws Exception {
        String api = Files.readString(Path.of(args[0]));
        String metrics = Files.readString(Path.of(args[1]));
        int expected = Integer.parseInt(args[2]);
        boolean recent = args.length > 3 && args[3].equals("recent");
        int split = Math.max(api.indexOf("\"recent\""), 0);
        String part = recent ? api.substring(split) : api.substring(0, split);
        Matcher m = Pattern.compile("\"event_time\":\"([^\"]+)\",\"diagnosed_at\":\"([^\"]+)\"").matcher(part);
        List<Double> ms = new ArrayList<>();
        while (m.find()) {
            ms.add(Duration.between(Instant.parse(m.group(1)), Instant.parse(m.group(2))).toNanos() / 1e6);
        }
        Collections.sort(ms);
        System.out.printf("%s diagnosed: %d of %d%n", recent ? "transitions" : "containers", ms.size(), expected);
        if (!ms.isEmpty()) {
            System.out.printf("event -> diagnosis latency (per %s): p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                    recent ? "transition" : "container", pct(ms, 0.50), pct(ms, 0.99), ms.get(ms.size() - 1));
        }
        Matcher b = Pattern.compile("dockmedic_diagnosis_latency_seconds_bucket\\{le=\"([^\"]+)\"\\} (\\S+)").matcher(metrics);
        StringBuilder sb = new StringBuilder("histogram buckets (le: count):");
        while (b.find()) {
            sb.append(' ').append(b.group(1)).append(':').append((long) Double.parseDouble(b.group(2)));
        }
        System.out.println(sb);
        if (args.length > 4) {
            phases(Files.readAllLines(Path.of(args[4])));
        }
    }

    /** p50/p99/max of every phase the agent's "timing" and "lane" lines name. */
    static void phases(List<String> log) {
        Map<String, List<Double>> phases = new LinkedHashMap<>();
        for (String line : log) {
            if (!line.contains("dockmedic.timing")) {
                continue;
            }
            Matcher f = FIELD.matcher(line);
            while (f.find()) {
                phases.computeIfAbsent(f.group(1), k -> new ArrayList<>()).add(Double.parseDouble(f.group(2)));
            }
        }
        if (phases.isEmpty()) {
            System.out.println("phases: no dockmedic.timing lines in the agent's log");
            return;
        }
        System.out.println("phases (ms, p50 / p99 / max over the diagnoses):");
        phases.forEach((name, values) -> {
            Collections.sort(values);
            System.out.printf("  %-18s %5.0f / %5.0f / %5.0f  (n=%d)%n", name, pct(values, 0.5), pct(values, 0.99),
                    values.get(values.size() - 1), values.size());
        });
    }

    static double pct(List<Double> sorted, double p) {
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
