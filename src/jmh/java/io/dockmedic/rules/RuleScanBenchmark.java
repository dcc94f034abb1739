package io.dockmedic.rules;

import io.dockmedic.evidence.Evidence;
import io.dockmedic.text.LogText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Classifying a whole log file with every built-in rule, single-threaded, one operation = the whole
 * file (scripts/bench-rules.sh makes a ~100 MB mixed log and turns seconds per file into MB/s):
 * <ul>
 *   <li>{@code ruleSet}: {@link RuleSet#classify(Evidence, Iterable)} over the file's lines (split beforehand);
 *   <li>{@code ruleSetFromBytes}: the same from the raw bytes, with {@link LogText} splitting and cleaning;
 *   <li>{@code diagnoseLog}: what {@code dockmedic diagnose --log FILE} does after its JVM has started,
 *       from the raw bytes to the report: reading, cleaning, the unclassified sample and the redaction
 *       on the reader thread, the rules on the caller's (so up to two cores), the kept lines redacted;
 *       the goal is at least 80% of {@code ruleSet}'s speed;
 *   <li>{@code naiveJavaRegex}: the loop it replaces: every rule pattern compiled with
 *       {@code java.util.regex}, tried with {@code find()} on every line; it is ~100 times slower, so
 *       it runs on the first {@code 1/NAIVE_SHARE} of the lines and BenchReport scales its time up.
 * </ul>
 * Set the file with {@code -Ddockmedic.bench.log=FILE} (default {@code target/bench/mixed.log}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 5)
@Measurement(iterations = 10)
public class RuleScanBenchmark {
    /** The naive loop runs on this fraction (1/N) of the lines. */
    static final int NAIVE_SHARE = 10;

    private RuleSet rules;
    private byte[] bytes;
    private List<String> lines;
    private List<java.util.regex.Pattern> javaPatterns;
    private Evidence context;
    private io.dockmedic.diagnosis.Diagnoser diagnoser;

    @Setup(Level.Trial)
    public void load() throws Exception {
        rules = RuleLoader.builtin();
        bytes = Files.readAllBytes(Path.of(System.getProperty("dockmedic.bench.log", "target/bench/mixed.log")));
        lines = split(bytes);
        context = Evidence.ofLog("bench", List.of());
        javaPatterns = javaPatterns(rules);
        RuleSet loaded = rules;
        diagnoser = new io.dockmedic.diagnosis.Diagnoser(() -> loaded);
    }

    /** The rule patterns that java.util.regex accepts (RE2 and Java syntax differ in a few corners). */
    static List<java.util.regex.Pattern> javaPatterns(RuleSet rules) {
        List<java.util.regex.Pattern> out = new ArrayList<>();
        for (Condition.LinePattern p : rules.patterns()) {
            try {
                out.add(java.util.regex.Pattern.compile(p.text().replace("(?P<", "(?<")));
            } catch (java.util.regex.PatternSyntaxException e) {
                System.err.println("naive loop skips (not Java syntax): " + p.text());
            }
        }
        return out;
    }

    private static List<String> split(byte[] bytes) {
        List<String> out = new ArrayList<>(bytes.length / 80);
        LogText.LineSplitter s = new LogText.LineSplitter(LogText.DEFAULT_MAX_LINE_CHARS, line -> {
            if (!line.isBlank()) {
                out.add(line);
            }
        });
        s.accept(bytes, 0, bytes.length);
        s.finish();
        return out;
    }

    @Benchmark
    public List<RuleMatch> ruleSet() {
        return rules.classify(context, lines);
    }

    @Benchmark
    public List<RuleMatch> ruleSetFromBytes() {
        return rules.classify(context, split(bytes));
    }

    @Benchmark
    public io.dockmedic.diagnosis.Report diagnoseLog() {
        return diagnoser.diagnoseLog("bench", new java.io.ByteArrayInputStream(bytes));
    }

    @Benchmark
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public void naiveJavaRegex(Blackhole bh) {
        long matched = 0;
        for (String line : lines.subList(0, lines.size() / NAIVE_SHARE)) {
            for (java.util.regex.Pattern p : javaPatterns) {
                if (p.matcher(line).find()) {
                    matched++;
                }
            }
        }
        bh.consume(matched);
    }
}
