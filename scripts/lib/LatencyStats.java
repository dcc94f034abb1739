import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prints p50/p99 latency from the agent's /api/v1/diagnoses JSON and /metrics histogram (bench-latency.sh). */
public class LatencyStats {
    public static void main(String[] args) throws Exception {
        String api = Files.readString(Path.of(args[0]));
        String metrics = Files.readString(Path.of(args[1]));
        int expected = Integer.parseInt(args[2]);
        String active = api.substring(0, Math.max(api.indexOf("\"recent\""), 0));
        Matcher m = Pattern.compile("\"event_time\":\"([^\"]+)\",\"diagnosed_at\":\"([^\"]+)\"").matcher(active);
        List<Double> ms = new ArrayList<>();
        while (m.find()) {
            ms.add(Duration.between(Instant.parse(m.group(1)), Instant.parse(m.group(2))).toNanos() / 1e6);
        }
        Collections.sort(ms);
        System.out.printf("containers diagnosed: %d of %d%n", ms.size(), expected);
        if (!ms.isEmpty()) {
            System.out.printf("event -> diagnosis latency (per container): p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                    pct(ms, 0.50), pct(ms, 0.99), ms.get(ms.size() - 1));
        }
        Matcher b = Pattern.compile("dockmedic_diagnosis_latency_seconds_bucket\\{le=\"([^\"]+)\"\\} (\\S+)").matcher(metrics);
        StringBuilder sb = new StringBuilder("histogram buckets (le: count):");
        while (b.find()) {
            sb.append(' ').append(b.group(1)).append(':').append((long) Double.parseDouble(b.group(2)));
        }
        System.out.println(sb);
    }

    static double pct(List<Double> sorted, double p) {
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
