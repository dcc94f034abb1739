package io.dockmedic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No class in {@code src/main/java} is longer than {@value #MAX_LINES} lines (its source file, nested types included,
 * counted as {@code wc -l} counts): a longer class almost always does more than one job (issue 15: the watcher's 800
 * lines held the subscription, de-duplication, dispatch, reconcile and per-container transitions). A class over the
 * limit is split into classes with one job each, named for it.
 */
class ClassLengthTest {
    static final int MAX_LINES = 400;

    /**
     * Classes still over the limit, each {@code package/Class} with why it stays one class. The list only shrinks:
     * the test fails for a class that is over the limit and not listed, and for a listed class that is no longer over
     * it (then remove its entry). Never add an entry to make a new class pass.
     */
    private static final Map<String, String> KNOWN = Map.of(
            // One job, many scanners: each secret shape is a hand-written linear-time scanner (no regex: linear time
            // on attacker-made lines), and they share one forward pass and its bounded look-back over a line.
            "text/Redactor", "one job (redaction) made of many small scanners over one pass",
            // One job: an Aho-Corasick automaton whose construction (trie, failure links, breadth-first numbering,
            // transition table) and scan share its packed arrays; split, the arrays would have to be exposed.
            "rules/LiteralIndex", "one automaton, its construction and scan share packed arrays");

    @Test
    void noClassIsLongerThanTheLimit() throws IOException {
        Map<String, Long> found = longClasses(Path.of("src/main/java"));
        assertEquals(new TreeSet<>(KNOWN.keySet()), found.keySet(),
                "classes over " + MAX_LINES + " lines (split them into classes with one job each): " + found
                        + "; allowed for now: " + KNOWN);
    }

    @Test
    void countsLinesAsWcDoes() throws IOException {
        Path dir = Files.createTempDirectory("class-length");
        try {
            Path pkg = Files.createDirectories(dir.resolve("io/dockmedic/x"));
            Files.writeString(pkg.resolve("Long.java"), "class Long {\n".repeat(MAX_LINES) + "}\n");
            Files.writeString(pkg.resolve("Short.java"), "class Short {\n".repeat(MAX_LINES - 1) + "}\n");
            assertEquals(Map.of("x/Long", (long) MAX_LINES + 1), longClasses(dir));
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Every class file over the limit: "package/Class" to its length in lines. */
    static Map<String, Long> longClasses(Path root) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(!files.isEmpty(), "no sources under " + root);
        Map<String, Long> out = new TreeMap<>();
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            long lines = text.chars().filter(c -> c == '\n').count();
            if (lines > MAX_LINES) {
                String cls = root.relativize(file).toString().replace('\\', '/')
                        .replaceFirst("^io/dockmedic/", "").replaceFirst("\\.java$", "");
                out.put(cls, lines);
            }
        }
        return out;
    }
}
