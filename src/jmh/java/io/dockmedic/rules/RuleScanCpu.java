package io.dockmedic.rules;

import io.dockmedic.evidence.Evidence;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The JMH {@code ruleSet} benchmark's work, timed by the CPU time of the thread that does it rather
 * than by the clock: on a machine that other work keeps busy, the clock also counts the time the
 * thread waited for a core, and the CPU time far less so. scripts/bench-rules-ab.sh runs it with
 * {@code MODE=cpu} for an earlier commit and this checkout, interleaved. Uses only
 * {@link RuleLoader#builtin()} and {@link RuleSet#classify(Evidence, Iterable)}, so it compiles
 * against earlier commits too.
 *
 * <p>Usage: {@code RuleScanCpu LOG WARMUP PASSES}; prints one line: median and minimum CPU seconds
 * per pass, median wall seconds, and the matches found (the same for both commits when the rules are).
 */
public final class RuleScanCpu {
    private RuleScanCpu() {
    }

    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        int warmup = Integer.parseInt(args[1]);
        int passes = Integer.parseInt(args[2]);
        RuleSet rules = RuleLoader.builtin();
        Evidence context = Evidence.ofLog("bench", List.of());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] cpu = new double[passes];
        double[] wall = new double[passes];
        int matches = 0;
        for (int i = 0; i < warmup + passes; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            matches = rules.classify(context, lines).size();
            long c1 = threads.getCurrentThreadCpuTime();
            long w1 = System.nanoTime();
            if (i >= warmup) {
                cpu[i - warmup] = (c1 - c0) / 1e9;
                wall[i - warmup] = (w1 - w0) / 1e9;
            }
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        System.out.printf("cpu median %.3f s, min %.3f s; wall median %.3f s; %d passes after %d warm-up; %d rules matched%n",
                cpu[passes / 2], cpu[0], wall[passes / 2], passes, warmup, matches);
    }
}
