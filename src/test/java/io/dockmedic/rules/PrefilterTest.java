package io.dockmedic.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrefilterTest {

    @Test
    void literalsOfCommonShapes() {
        assertEquals(List.of("password authentication failed for user"),
                Prefilter.requiredLiterals("(?i)FATAL:\\s+password authentication failed for user"));
        assertEquals(List.of("econnrefused", "onnection refused"),
                Prefilter.requiredLiterals("ECONNREFUSED|[Cc]onnection refused"));
        assertEquals(List.of(" connecting to "),
                Prefilter.requiredLiterals("Error \\d+ connecting to [\\w.-]+:6379"));
        assertEquals(List.of("no space left on device"), Prefilter.requiredLiterals("(?i)no space left on device"));
        // a required group's alternatives stand in when the branch has no literal of its own
        assertEquals(List.of("could not", "unable"), Prefilter.requiredLiterals("(?i)(could not|unable)\\s+\\w+"));
        // optional characters end a run: "https?" must not require the "s"
        assertEquals(List.of("://dashscope.aliyuncs.com"), Prefilter.requiredLiterals("https?://dashscope\\.aliyuncs\\.com"));
    }

    @Test
    void noLiteralMeansNoPrefilter() {
        assertNull(Prefilter.requiredLiterals("\\d+\\.\\d+"));
        assertNull(Prefilter.requiredLiterals("ab|\\w+ failed"), "one branch without a literal");
        assertNull(Prefilter.requiredLiterals("(?i)(password)?\\s+x"));
    }

    /** The prefilter may only reject lines that the pattern does not match: checked on every built-in pattern. */
    @Test
    void neverRejectsALineThePatternMatches() throws Exception {
        RuleSet rules = RuleLoader.builtin();
        List<String> lines = corpusAndShippedTestLines();
        List<String> misses = new ArrayList<>();
        int withLiterals = 0;
        for (Condition.LinePattern p : rules.patterns()) {
            if (p.literals() == null) {
                continue;
            }
            withLiterals++;
            for (String line : lines) {
                if (p.pattern().matcher(line).find()) {
                    String lower = Prefilter.lower(line);
                    if (p.literals().stream().noneMatch(lower::contains)) {
                        misses.add(p.text() + " literals " + p.literals() + " rejects: " + line);
                    }
                }
            }
        }
        assertTrue(misses.isEmpty(), String.join("\n", misses));
        assertTrue(withLiterals * 10 >= rules.patterns().size() * 8,
                "at least 80% of the patterns should have a prefilter: " + withLiterals + "/" + rules.patterns().size());
    }

    /** The automaton marks exactly the patterns whose literal a line contains (and those without literals). */
    @Test
    void automatonAgreesWithSubstringSearch() throws Exception {
        RuleSet rules = RuleLoader.builtin();
        LiteralIndex index = new LiteralIndex(rules.patterns());
        List<String> lines = new ArrayList<>(corpusAndShippedTestLines());
        lines.add("ÀÉÎ unicode Straße İstanbul ПАРОЛЬ пароль 密码错误");
        int[] mark = new int[rules.patterns().size()];
        int stamp = 0;
        for (String line : lines) {
            index.candidates(line, mark, ++stamp);
            String lower = Prefilter.lower(line);
            for (Condition.LinePattern p : rules.patterns()) {
                boolean expected = p.literals() == null || p.literals().stream().anyMatch(lower::contains);
                assertEquals(expected, mark[p.index()] == stamp, p.text() + " on: " + line);
            }
        }
    }

    static List<String> corpusAndShippedTestLines() throws IOException {
        List<String> lines = new ArrayList<>();
        ObjectMapper m = new ObjectMapper();
        for (String l : Files.readAllLines(Path.of("src/test/resources/corpus/real-log-lines.dev.jsonl"))) {
            JsonNode n = m.readTree(l);
            lines.add(n.get("line").asText());
        }
        try (var files = Files.list(Path.of("src/main/resources/rules/builtin"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".test.yml")).toList()) {
                for (String l : Files.readAllLines(f)) {
                    String t = l.strip();
                    if (t.startsWith("- ")) {
                        lines.add(t.substring(2).replaceAll("^['\"]|['\"]$", ""));
                    }
                }
            }
        }
        return lines;
    }
}
