package io.dockmedic.rules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.evidence.Evidence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.io.BufferedWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crafted log that makes every line pattern keep its 5 latest hits, each line 8192 chars of
 * non-Latin text: the hit lines a scan keeps stay bounded (they used to reach ~43 MiB of the shipped
 * 48 MiB heap), and the rules still match.
 */
class ScanRetentionTest {

    /** One line per plain-text pattern and per corpus line, each padded to the line limit with CJK text. */
    private static List<String> seeds(RuleSet rules) throws Exception {
        List<String> seeds = new ArrayList<>();
        for (Condition.LinePattern p : rules.patterns()) {
            List<List<List<LiteralAtom>>> branches = p.literal() == null ? List.of() : p.literal().branches();
            if (branches.size() == 1 && branches.get(0).size() == 1) {
                List<LiteralAtom> atoms = branches.get(0).get(0);
                List<LiteralAtom> texts = atoms.stream().filter(a -> !(a instanceof LiteralAtom.Edge)).toList();
                if (texts.size() == 1 && texts.get(0) instanceof LiteralAtom.Lit text) {
                    seeds.add(text.text()); // plain text, maybe between word edges
                }
            }
        }
        ObjectMapper json = new ObjectMapper();
        for (String raw : Files.readAllLines(Path.of("src/test/resources/corpus/real-log-lines.dev.jsonl"), StandardCharsets.UTF_8)) {
            if (!raw.isBlank()) {
                seeds.add(json.readTree(raw).get("line").asText());
            }
        }
        return seeds;
    }

    private static String padded(String seed, int copy) {
        int room = 8192 - seed.length() - 8;
        return seed + " " + "错误日志".repeat(Math.max(0, room / 4)) + " #" + copy;
    }

    @Test
    void keptHitLinesAreBoundedWhateverTheLog() throws Exception {
        RuleSet rules = RuleLoader.builtin();
        List<String> seeds = seeds(rules);
        // each seed 5 times, generated as read (the test does not hold the log either)
        Iterable<String> log = () -> IntStream.range(0, seeds.size() * Scan.MAX_HITS_PER_PATTERN)
                .mapToObj(i -> padded(seeds.get(i / Scan.MAX_HITS_PER_PATTERN), i)).iterator();
        Scan scan = rules.scan(Evidence.ofLog("crafted", List.of()), log);
        long patternsHit = IntStream.range(0, rules.patterns().size()).filter(i -> !scan.hits(i).isEmpty()).count();
        long bound = Scan.MAX_RETAINED_CHARS
                + (long) Scan.MAX_HITS_PER_PATTERN * rules.patterns().size() * (Scan.SHORT_HIT_CHARS + 48);
        System.out.printf("ScanRetentionTest: %d of %d patterns hit, %d chars kept (bound %d)%n", patternsHit,
                rules.patterns().size(), scan.retainedChars(), bound);
        assertTrue(patternsHit > 250, "the crafted log hits most patterns: " + patternsHit);
        assertTrue(scan.retainedChars() <= bound, scan.retainedChars() + " chars kept > " + bound);
        // the rules still match
        assertFalse(rules.classify(Evidence.ofLog("crafted", List.of()), log).isEmpty());
    }

    /** The same log to {@code diagnose --log} in a JVM with the shipped flags (48 MiB heap): it completes. */
    @Test
    void theCraftedLogIsDiagnosedInTheShippedHeap(@TempDir Path dir) throws Exception {
        List<String> seeds = seeds(RuleLoader.builtin());
        Path log = dir.resolve("crafted.log");
        try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (int i = 0; i < seeds.size() * Scan.MAX_HITS_PER_PATTERN; i++) {
                w.write(padded(seeds.get(i / Scan.MAX_HITS_PER_PATTERN), i));
                w.write('\n');
            }
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // the flags the launcher gives a CLI command (jvm.options without its "#run:" daemon lines)
        cmd.addAll(Files.readAllLines(Path.of("packaging/jvm.options")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.dockmedic.cli.Main",
                "diagnose", "--log", log.toString(), "--format", "json"));
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out.json").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "diagnose did not end");
        String err = Files.readString(dir.resolve("err.txt"));
        assertEquals(0, p.exitValue(), err);
        assertTrue(Files.size(dir.resolve("out.json")) < 4L * 1024 * 1024, "report size " + Files.size(dir.resolve("out.json")));
    }

    /**
     * Lines are numbered as they are scanned, and the latest hit of a rule ranks it (recency): past 2^31 lines (a
     * 200 GB log through {@code diagnose --log}) an int numbered the next line as the oldest of all.
     */
    @Test
    void lineNumbersKeepGrowingPastTwoToThe31() throws Exception {
        RuleSet rules = RuleLoader.builtin();
        boolean[] relevant = new boolean[rules.patterns().size()];
        java.util.Arrays.fill(relevant, true);
        String line = "FATAL:  password authentication failed for user \"app\"";
        Scan scan = new Scan(io.dockmedic.evidence.Evidence.ofLog("app", List.of()), List.of(line, line + " again"),
                rules.patterns(), new LiteralIndex(rules.patterns()), relevant, Integer.MAX_VALUE - 1L);
        Condition.LinePattern p = rules.patterns().stream().filter(x -> x.accepts(line)).findFirst().orElseThrow();
        List<Scan.Hit> hits = scan.hits(p.index());
        assertEquals(2, hits.size());
        assertEquals(Integer.MAX_VALUE, hits.get(0).order());
        assertTrue(hits.get(1).order() > hits.get(0).order(), "the second line is the latest: " + hits);
    }
}
