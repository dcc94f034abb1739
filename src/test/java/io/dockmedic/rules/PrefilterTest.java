package io.dockmedic.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    private static List<List<String>> clauses(String regex) {
        return Prefilter.requiredClauses(regex);
    }

    @Test
    void clausesOfCommonShapes() {
        assertEquals(List.of(List.of("fatal:"), List.of("password authentication failed for user")),
                clauses("(?i)FATAL:\\s+password authentication failed for user"));
        assertEquals(List.of(List.of("econnrefused", "connection refused")), clauses("ECONNREFUSED|[Cc]onnection refused"));
        assertEquals(List.of(List.of("error "), List.of(" connecting to "), List.of(":6379")),
                clauses("Error \\d+ connecting to [\\w.-]+:6379"));
        assertEquals(List.of(List.of("no space left on device")), clauses("(?i)no space left on device"));
        // a required group is a clause of its own: both the group and the literal must be there
        assertEquals(List.of(List.of("could not", "unable"), List.of(" to connect")),
                clauses("(?i)(could not|unable) to connect"));
        assertEquals(List.of(List.of("no response", "rejecting connections"), List.of(" - ")),
                clauses("(?i)\\S+:\\d+ - (?:no response|rejecting connections)"));
        // optional characters end a run: "https?" must not require the "s"
        assertEquals(List.of(List.of("http"), List.of("://dashscope.aliyuncs.com")),
                clauses("https?://dashscope\\.aliyuncs\\.com"));
    }

    @Test
    void alternativesDistributeIntoClauses() {
        // (api and key) or 401 = (api or 401) and (key or 401)
        assertEquals(List.of(List.of("api", "401"), List.of("key", "401")), clauses("(?i)api.?key|\\b401\\b"));
        // a small class forks the run: one clause of four literals instead of "api" and "key" apart
        assertEquals(List.of(List.of("apikey", "api key", "api_key", "api-key", "401")), clauses("(?i)api[ _-]?key|\\b401\\b"));
        // beyond MAX_CLAUSES: each branch's most selective clause
        String many = "aaa1 bbb1 ccc1|aaa2 bbb2 ccc2|aaa3 bbb3 ccc3";
        assertEquals(1, clauses(many).size(), clauses(many).toString());
    }

    @Test
    void shortLiteralsRequiredTogetherMakeClauses() {
        // BuildKit's "#5 [2/4] RUN ...": no literal of 3 chars, but "#" and " [" must both be there
        assertEquals(List.of(List.of("#"), List.of(" [")), clauses("#\\d+ \\["));
        assertEquals(List.of(List.of("#", "failed"), List.of(" [", "failed")), clauses("(?i)^#\\d+ \\[|failed"));
    }

    @Test
    void smallClassesForkTheRunAndOthersEndIt() {
        assertEquals(java.util.Set.of(' ', '_', '-'), Prefilter.smallClass(" _-"));
        assertEquals(java.util.Set.of('c'), Prefilter.smallClass("Cc"));
        assertEquals(java.util.Set.of('.', '-'), Prefilter.smallClass("\\.\\-"));
        assertEquals(null, Prefilter.smallClass("a-z"), "a range");
        assertEquals(null, Prefilter.smallClass("^x"), "negated");
        assertEquals(null, Prefilter.smallClass("\\d"), "a class escape");
        assertEquals(null, Prefilter.smallClass("abcde"), "more than four");
        assertEquals(null, Prefilter.smallClass("é"), "non-ASCII");
        assertEquals(List.of(List.of("time"), List.of("out")), clauses("(?i)time[d]? ?out"), "optional chars end the run");
        assertEquals(List.of(List.of("time out", "time_out")), clauses("time[ _]out"));
        assertEquals(List.of(List.of("api")), clauses("api[ _-]?"), "a fork at the end keeps the common text");
        assertEquals(List.of(List.of("error")), clauses("[ _-]?error"), "a fork at the start adds nothing");
        // 3 x 3 texts > MAX_FORKS: the run ends at the class that would make too many
        assertEquals(List.of(List.of("xx yy", "xx_yy", "xx-yy")), clauses("xx[ _-]yy[ _-]zz"));
    }

    @Test
    void everyMatchStartsWithOneOfTheStarts() {
        assertEquals(List.of("api", "401", "unauthori", "authenticationerror"),
                MatchStarts.starts("(?i)api[ _-]?key|\\b401\\b|unauthori[sz]ed|AuthenticationError"));
        assertEquals(List.of("step ", "#", "=> [", "failed"), MatchStarts.starts("(?i)^(?:Step \\d+ : |#\\d+ \\[|=> \\[)|failed"));
        assertEquals(List.of("connection"), MatchStarts.starts("(?i)connections?"), "an optional last char ends the run");
        assertEquals(List.of("error "), MatchStarts.starts("Error -?\\d+"));
        assertNull(MatchStarts.starts("\\s*failed"));
        assertNull(MatchStarts.starts("(?:a|b)?c"));
        assertNull(MatchStarts.starts("无法|x"), "non-ASCII: RE2 folds case");
        assertEquals(9, MatchStarts.firstStart("GET /api/Unauthorized", List.of("api", "unauthori")) + 4);
        assertEquals(0, MatchStarts.firstStart("nothing here", List.of("api")));
        assertEquals(0, MatchStarts.firstStart("é api", List.of("api")), "not ASCII: from the start");
    }

    /**
     * Starting RE2 at the first start literal finds a match exactly when starting at 0 does: every
     * built-in pattern, on every corpus and test line that passes its prefilter (the only lines it is tried on).
     */
    @Test
    void startingAtTheFirstStartChangesNoOutcome() throws Exception {
        int withStarts = eachPatternAndLine(corpusAndShippedTestLines(), p -> p.starts() != null, (p, line) -> {
            int start = MatchStarts.firstStart(line, p.starts());
            if (start > 0 && passes(p, line)) {
                assertEquals(p.pattern().matcher(line).find(), p.pattern().matcher(line).find(start), p.text() + " on: " + line);
            }
        });
        assertTrue(withStarts > 100, "patterns with start literals: " + withStarts);
    }

    @Test
    void noLiteralMeansNoPrefilter() {
        assertNull(clauses("\\d+\\.\\d+"));
        assertNull(clauses("ab|\\w+ failed"), "one branch without a literal");
        assertNull(clauses("(?i)(password)?\\s+x"));
    }

    @Test
    void plainTextPatternsNeedNoRegularExpression() {
        assertTrue(LiteralPattern.of("(?i)\\baddress already in use\\b").decide("ADDRESS ALREADY IN USE."));
        assertFalse(LiteralPattern.of("(?i)\\baddress already in use\\b").decide("address already in use_"));
        assertTrue(LiteralPattern.of("Invalid API-key \\(x\\)").decide("Invalid API-key (x)"));
        assertNull(LiteralPattern.of("\\pL+ killed"));
        assertTrue(LiteralPattern.of("(?i)\\bkill\\b").decide("process KILL now"));
        assertFalse(LiteralPattern.of("(?i)\\bkill\\b").decide("skill, killed, kill_switch"));
    }

    /** Runs {@code check} on each built-in pattern that {@code applies} with each line; returns how many patterns applied. */
    private static int eachPatternAndLine(List<String> lines, java.util.function.Predicate<Condition.LinePattern> applies,
                                          java.util.function.BiConsumer<Condition.LinePattern, String> check) throws Exception {
        int applied = 0;
        for (Condition.LinePattern p : RuleLoader.builtin().patterns()) {
            if (applies.test(p)) {
                applied++;
                lines.forEach(line -> check.accept(p, line));
            }
        }
        return applied;
    }

    /**
     * Every built-in pattern has literals the automaton can look for: one without ran RE2 on every
     * line of every log (a build rule's {@code #\\d+ \\[} once took matching from 185 to 4.8 MB/s).
     */
    @Test
    void everyBuiltinPatternHasAPrefilter() throws Exception {
        List<String> none = new java.util.ArrayList<>();
        for (Condition.LinePattern p : RuleLoader.builtin().patterns()) {
            if (p.clauses() == null) {
                none.add(p.text());
            }
        }
        assertEquals(List.of(), none, "built-in patterns without prefilter literals");
    }

    /** Whether the prefilter lets a line through to the pattern. */
    private static boolean passes(Condition.LinePattern p, String line) {
        String lower = RegexText.lower(line);
        return p.clauses() == null || p.clauses().stream().allMatch(c -> c.stream().anyMatch(lower::contains));
    }

    /** The prefilter may only reject lines that the pattern does not match: checked on every built-in pattern. */
    @Test
    void neverRejectsALineThePatternMatches() throws Exception {
        RuleSet rules = RuleLoader.builtin();
        List<String> lines = corpusAndShippedTestLines();
        List<String> misses = new ArrayList<>();
        int withLiterals = 0;
        for (Condition.LinePattern p : rules.patterns()) {
            if (p.clauses() == null) {
                continue;
            }
            withLiterals++;
            for (String line : lines) {
                if (p.pattern().matcher(line).find() && !passes(p, line)) {
                    misses.add(p.text() + " clauses " + p.clauses() + " rejects: " + line);
                }
            }
        }
        assertTrue(misses.isEmpty(), String.join("\n", misses));
        assertTrue(withLiterals * 10 >= rules.patterns().size() * 8,
                "at least 80% of the patterns should have a prefilter: " + withLiterals + "/" + rules.patterns().size());
    }

    /** The automaton finds exactly the patterns each of whose clauses has a literal in the line (and those without). */
    @Test
    void automatonAgreesWithSubstringSearch() throws Exception {
        RuleSet rules = RuleLoader.builtin();
        LiteralIndex index = new LiteralIndex(rules.patterns());
        List<String> lines = new ArrayList<>(corpusAndShippedTestLines());
        lines.add("ÀÉÎ unicode Straße İstanbul ПАРОЛЬ пароль 密码错误");
        LiteralIndex.Scratch scratch = index.scratch();
        for (String line : lines) {
            int n = index.candidates(line, scratch);
            java.util.Set<Integer> found = new java.util.HashSet<>();
            for (int k = 0; k < n; k++) {
                assertTrue(found.add(scratch.candidate(k)), "a candidate twice on: " + line);
            }
            for (Condition.LinePattern p : rules.patterns()) {
                assertEquals(passes(p, line), found.contains(p.index()), p.text() + " on: " + line);
            }
        }
        // two lines at a time find exactly what each line finds alone
        LiteralIndex.Scratch a = index.scratch();
        LiteralIndex.Scratch b = index.scratch();
        for (int i = 0; i + 1 < lines.size(); i++) {
            index.candidates(lines.get(i), 0, a, lines.get(i + 1), 0, b);
            assertEquals(alone(index, lines.get(i)), found(a), lines.get(i));
            assertEquals(alone(index, lines.get(i + 1)), found(b), lines.get(i + 1));
        }
        // a line read from an offset finds exactly what its tail finds as a string of its own
        for (int i = 0; i + 1 < lines.size(); i++) {
            String x = lines.get(i);
            String y = lines.get(i + 1);
            int fx = x.length() / 3;
            int fy = y.length() / 2;
            index.candidates(x, fx, a, y, fy, b);
            assertEquals(alone(index, x.substring(fx)), found(a), x);
            assertEquals(alone(index, y.substring(fy)), found(b), y);
            index.candidates(x, fx, a);
            assertEquals(alone(index, x.substring(fx)), found(a), x);
        }
    }

    /**
     * A table row holds one entry per character class and no more: rounded up to a power of two (the built-ins' 65
     * classes to 128, for a shift instead of a multiply) the rows were half padding, 2.2 MB of the agent's heap.
     */
    @Test
    void tableRowsHoldOneEntryPerClass() throws Exception {
        LiteralIndex index = new LiteralIndex(RuleLoader.builtin().patterns());
        assertEquals((long) index.tableRows() * index.classes(), index.tableLength());
        assertTrue(index.classes() > 2, "the built-ins' literals use more than two character classes");
    }

    /**
     * States deeper than the table's rows ({@link LiteralIndex#TABLE_DEPTH}) step through the trie's edges:
     * with rows for the root only, or a few characters deep, the automaton finds what the shipped one
     * finds, line by line and two lines at a time (where a line that goes deep finishes alone).
     */
    @Test
    void deepStatesWithoutTableRowsFindTheSame() throws Exception {
        RuleSet rules = RuleLoader.builtin();
        LiteralIndex shipped = new LiteralIndex(rules.patterns());
        List<String> lines = new ArrayList<>(corpusAndShippedTestLines());
        lines.add("ÀÉÎ unicode Straße İstanbul ПАРОЛЬ пароль 密码错误 password authentication failed for user");
        lines.add("PASSWORD AUTHENTICATION FAILED FOR USER \"APP\" connection refused: connect ECONNREFUSED");
        for (int depth : new int[] {0, 1, 3, 8}) {
            LiteralIndex shallow = new LiteralIndex(rules.patterns(), LiteralIndex.MAX_STATES, depth);
            LiteralIndex.Scratch a = shallow.scratch();
            LiteralIndex.Scratch b = shallow.scratch();
            for (int i = 0; i + 1 < lines.size(); i++) {
                String x = lines.get(i);
                String y = lines.get(i + 1);
                assertEquals(alone(shipped, x), alone(shallow, x), "depth " + depth + ": " + x);
                shallow.candidates(x, 0, a, y, 0, b);
                assertEquals(alone(shipped, x), found(a), "depth " + depth + ", paired: " + x);
                assertEquals(alone(shipped, y), found(b), "depth " + depth + ", paired: " + y);
            }
        }
    }

    /**
     * A literal found again and again in one line is noted once: the loop over the characters does no
     * more for the hundredth {@code " ["} than a mark check, and the clauses behind it are counted once.
     */
    @Test
    void eachLiteralStateIsNotedOncePerLine() throws Exception {
        RuleSet rules = RuleLoader.builtin();
        LiteralIndex index = new LiteralIndex(rules.patterns());
        LiteralIndex.Scratch once = index.scratch();
        LiteralIndex.Scratch often = index.scratch();
        String line = "GET /api [x] address already in use";
        int n = index.candidates(line, once);
        int m = index.candidates((line + " ").repeat(50), often);
        assertTrue(once.reached() > 0, "states noted: " + once.reached());
        assertEquals(once.reached(), often.reached(), "a line and the same line 50 times reach the same states");
        assertEquals(found(once), found(often));
        assertEquals(n, m);
        // and two lines at a time note the same as each alone
        LiteralIndex.Scratch a = index.scratch();
        LiteralIndex.Scratch b = index.scratch();
        index.candidates((line + " ").repeat(50), 0, a, line, 0, b);
        assertEquals(often.reached(), a.reached());
        assertEquals(once.reached(), b.reached());
    }

    /**
     * A scratch marks what a line reached with the line's number, an int: after 2^32 lines (a 400 GB log through
     * {@code diagnose --log}) the numbers come round again, and a mark left by a line that long ago must not pass for
     * the current line's, nor an untouched mark (0) for line 0's: a line would then lose its candidates.
     */
    @Test
    void lineNumbersComingRoundDoNotHideCandidates() throws Exception {
        RuleSet rules = RuleLoader.builtin();
        LiteralIndex index = new LiteralIndex(rules.patterns());
        String line = "FATAL:  password authentication failed for user \"app\"";
        java.util.Set<Integer> expected = alone(index, line);
        assertFalse(expected.isEmpty());
        LiteralIndex.Scratch w = index.scratch();
        index.candidates(line, w);
        assertEquals(expected, found(w));
        w.lineNumber(-1); // 2^32 - 2 lines later
        index.candidates("nothing to see here", w);
        index.candidates(line, w);
        assertEquals(expected, found(w), "the line numbered as the first one again");
        w.lineNumber(-1);
        index.candidates(line, w);
        assertEquals(expected, found(w), "the line numbered 0, the untouched marks' number");
    }

    /** Literals that would take the automaton beyond its state limit leave their pattern without prefilter. */
    @Test
    void patternsBeyondTheStateLimitAreAlwaysCandidates() throws Exception {
        RuleSet rules = RuleLoader.builtin();
        LiteralIndex small = new LiteralIndex(rules.patterns(), 500);
        LiteralIndex.Scratch w = small.scratch();
        int always = small.candidates("nothing to see here", w);
        assertTrue(always > rules.patterns().size() / 2 && always < rules.patterns().size(), "no longer fit: " + always);
        List<String> lines = corpusAndShippedTestLines();
        for (String line : lines.subList(0, Math.min(300, lines.size()))) {
            java.util.Set<Integer> found = alone(small, line);
            for (Condition.LinePattern p : rules.patterns()) {
                assertTrue(!passes(p, line) || found.contains(p.index()), p.text() + " on: " + line);
            }
        }
    }

    private static java.util.Set<Integer> alone(LiteralIndex index, String line) {
        LiteralIndex.Scratch w = index.scratch();
        index.candidates(line, w);
        return found(w);
    }

    private static java.util.Set<Integer> found(LiteralIndex.Scratch w) {
        java.util.Set<Integer> out = new java.util.TreeSet<>();
        for (int k = 0; k < w.found(); k++) {
            out.add(w.candidate(k));
        }
        return out;
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
