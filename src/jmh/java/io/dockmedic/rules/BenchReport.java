package io.dockmedic.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints the numbers of one benchmark run: MB/s of each JMH benchmark (seconds per file turned
 * into throughput over the file's size; the naive loop's time scaled up from its share of the file),
 * of the outside baselines timed by the script ({@code grep -c -E -f}, ripgrep, Hyperscan line by line),
 * and the ratios against dockmedic.
 *
 * <p>Usage: {@code BenchReport JMH_JSON FILE_BYTES [NAME=SECONDS ...]}
 */
public final class BenchReport {
    private BenchReport() {
    }

    public static void main(String[] args) throws Exception {
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        double mb = Long.parseLong(args[1]) / 1048576.0;
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (JsonNode r : results) {
            String name = r.get("benchmark").asText();
            String method = name.substring(name.lastIndexOf('.') + 1);
            double s = r.get("primaryMetric").get("score").asDouble();
            seconds.put(method, method.equals("naiveJavaRegex") ? s * RuleScanBenchmark.NAIVE_SHARE : s);
        }
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].lastIndexOf('=');
            seconds.put(args[i].substring(0, eq), Double.parseDouble(args[i].substring(eq + 1)));
        }
        double ours = mb / seconds.get("ruleSet");
        System.out.printf("%n%-26s %10s %10s %12s%n", "single thread", "s/file", "MB/s", "dockmedic x");
        seconds.forEach((name, s) -> System.out.printf("%-26s %10.2f %10.1f %12.2f%n", name, s, mb / s, s / seconds.get("ruleSet")));
        Double hs = seconds.get("hyperscan per line");
        if (hs != null) {
            System.out.printf("%nruleSet vs Hyperscan per line: %.2fx Hyperscan's speed (goal >= 0.8x: %s)%n", hs / seconds.get("ruleSet"),
                    hs / seconds.get("ruleSet") >= 0.8 ? "met" : "NOT met");
        }
        Double e2e = seconds.get("diagnoseLog");
        if (e2e != null) {
            System.out.printf("%ndiagnoseLog (diagnose --log end to end, JVM started) vs ruleSet: %.2fx ruleSet's speed (goal >= 0.8x: %s)%n",
                    seconds.get("ruleSet") / e2e, seconds.get("ruleSet") / e2e >= 0.8 ? "met" : "NOT met");
        }
        Double naive = seconds.get("naiveJavaRegex");
        System.out.printf("%nfile: %.1f MB; goal: >= 200 MB/s (%s) and >= 5x the naive loop (%s)%n", mb,
                ours >= 200 ? "met" : "NOT met", naive == null ? "not run" : naive / seconds.get("ruleSet") >= 5 ? "met" : "NOT met");
    }
}
