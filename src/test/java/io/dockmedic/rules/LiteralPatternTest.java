package io.dockmedic.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Patterns decided by their texts ({@link LiteralPattern}) give RE2's answer: on corpus and rule-test
 * lines, and on lines built from each pattern's own atoms with their alternatives, counts, case,
 * neighbours and line breaks varied.
 */
class LiteralPatternTest {

    private static boolean decided(String regex, String line) {
        LiteralPattern p = LiteralPattern.of(regex);
        assertNotNull(p, regex);
        Boolean d = p.decide(line);
        assertNotNull(d, regex + " on " + line);
        assertEquals(com.google.re2j.Pattern.compile(regex).matcher(line).find(), d, regex + " on: " + line);
        return d;
    }

    @Test
    void plainTextAndWordEdges() {
        assertTrue(decided("(?i)\\baddress already in use\\b", "bind: Address Already In Use."));
        assertFalse(decided("(?i)\\bkill\\b", "skill, killed, kill_switch"));
        assertTrue(decided("(?i)\\bkill\\b", "process KILL now"));
        assertTrue(decided("Invalid API-key \\(x\\)", "Invalid API-key (x)"));
        assertFalse(decided("Invalid API-key \\(x\\)", "invalid api-key (x)"));
    }

    @Test
    void partsJoinedByGapsStayOnOneLineAndInOrder() {
        String re = "(?i)\\b(?:redis|valkey\\w*|keydb)\\b[^\\n]*(?:connection refused|timed? ?out)";
        assertTrue(decided(re, "ValkeyServer: Connection refused"));
        assertTrue(decided(re, "keydb timeout"));
        assertFalse(decided(re, "connection refused by redis"), "the order counts");
        assertFalse(decided(re, "redis\nconnection refused"), "a gap does not cross a line break");
        assertTrue(decided(re, "x\nredis at 6379 timed out"));
        assertFalse(decided(re, "predis: connection refused"), "a word edge");
        assertTrue(decided("(?i)a.*b", "A-B"));
    }

    @Test
    void classesCountsAnchorsAndOptionalGroups() {
        assertTrue(decided("(?i)\\bError \\d{1,5} connecting to \\S", "error 111 connecting to redis:6379"));
        assertFalse(decided("(?i)\\bError \\d{1,5} connecting to \\S", "error 123456 connecting to x"));
        assertTrue(decided("(?i)status(?: code)?[ :=]*401\\b", "Status Code: 401"));
        assertTrue(decided("(?i)(?:^|:\\s*|\\|\\s*)permission denied", "open /data: permission denied"));
        assertFalse(decided("(?i)(?:^|:\\s*|\\|\\s*)permission denied", "no permission denied"));
        assertTrue(decided("(?:^|\\|)\\s*(?:Killed|已杀死)\\s*$", "app_1  |  Killed"));
        assertFalse(decided("(?:^|\\|)\\s*(?:Killed|已杀死)\\s*$", "Killed process 12"));
        assertTrue(decided("(?i)connection to (?:the )?db[^\\n]{0,5}\\bfailed", "connection to db has failed"));
        assertFalse(decided("(?i)connection to (?:the )?db[^\\n]{0,5}\\bfailed", "connection to db server has failed"));
    }

    @Test
    void caseFoldingIsRe2s() {
        assertTrue(decided("(?i)kill", "\u212Aill"), "the Kelvin sign folds to k");
        assertTrue(decided("(?i)status", "\u017Ftatus"), "the long s folds to s");
        assertFalse(decided("(?i)\\bkill\\b", "\u212Aill"), "but is no word character for \\b");
        assertFalse(decided("(?i)tim", "T\u0130M"), "the dotted capital I does not fold to i");
        assertTrue(decided("(?i)令牌", "令牌无效"));
        assertNull(LiteralPattern.of("(?i)straße"), "a cased non-ASCII letter is RE2's to fold");
    }

    @Test
    void whatNeedsARegularExpressionIsLeftToRe2() {
        assertNull(LiteralPattern.of("\\pL+ failed"), "a Unicode class");
        assertNull(LiteralPattern.of("(?i)(password)?[^\\n]*x"), "a part that may be empty");
        assertNull(LiteralPattern.of("[A-Z]\\w*Exception"), "a range");
        assertNull(LiteralPattern.of("a(?i)b"), "flags inside");
        assertNull(LiteralPattern.of("[^\\n]*x"), "an empty part before a gap");
        assertNull(LiteralPattern.of("x{2,}"));
    }

    /** A crafted line that repeats a text inside one long word: the budget hands it to RE2 instead of going quadratic. */
    @Test
    void aCraftedLineCannotMakeMatchingQuadratic() {
        LiteralPattern p = LiteralPattern.of("(?i)mem_?cache\\w* (?:connection|server)");
        String line = "memcache".repeat(1000) + "x";
        long t0 = System.nanoTime();
        Boolean d = p.decide(line);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(d == null || !d, "no match");
        assertTrue(ms < 2000, ms + " ms");
        assertTrue(decided("(?i)mem_?cache\\w* (?:connection|server)", "memcached_pool server down"));

        // many short lines in one message: each stretch is searched on its own, not to the message's end
        LiteralPattern gaps = LiteralPattern.of("(?i)\\bredis\\b[^\\n]*connection refused");
        String lines = "redis x\n".repeat(20_000) + "redis: connection refused";
        t0 = System.nanoTime();
        assertEquals(Boolean.TRUE, gaps.decide(lines));
        ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 2000, ms + " ms");
    }

    @Test
    void aPartThatMayTakeALineBreakBetweenGapsIsLeftToRe2() {
        assertNull(LiteralPattern.of("a[^\\n]*b\\s+c"), "\\s may take the line break the gap may not");
        assertTrue(decided("a\\s+c", "a\n c"), "with no gap it may");
    }

    /** Every built-in pattern decided by its texts agrees with RE2 on the corpus and rule-test lines. */
    @Test
    void builtinPatternsAgreeWithRe2OnRealLines() throws Exception {
        List<String> lines = PrefilterTest.corpusAndShippedTestLines();
        int decided = 0;
        for (Condition.LinePattern p : RuleLoader.builtin().patterns()) {
            if (p.literal() == null) {
                continue;
            }
            decided++;
            for (String line : lines) {
                Boolean d = p.literal().decide(line);
                if (d != null) {
                    assertEquals(p.pattern().matcher(line).find(), d, p.text() + " on: " + line);
                }
            }
        }
        assertTrue(decided > 600, "patterns decided by their texts: " + decided);
    }

    /**
     * Every built-in pattern decided by its texts agrees with RE2 on lines built from its own atoms:
     * a random alternative of each group, counts at and beyond their bounds, random case, word and
     * non-word neighbours, line breaks and the folding characters between the parts.
     */
    @Test
    void builtinPatternsAgreeWithRe2OnLinesMadeFromThem() throws Exception {
        Random random = new Random(20261207L);
        int checked = 0;
        int matched = 0;
        for (Condition.LinePattern p : RuleLoader.builtin().patterns()) {
            if (p.literal() == null) {
                continue;
            }
            for (int n = 0; n < 60; n++) {
                String line = line(p.literal(), random);
                Boolean d = p.literal().decide(line);
                if (d == null) {
                    continue;
                }
                boolean re2 = p.pattern().matcher(line).find();
                assertEquals(re2, d, p.text() + " on: " + line.replace("\n", "\\n"));
                checked++;
                matched += re2 ? 1 : 0;
            }
        }
        assertTrue(checked > 30_000 && matched > checked / 4 && matched < checked * 9 / 10,
                "lines checked " + checked + ", matching " + matched);
    }

    private static final String[] NOISE = {"", " ", "x", "_", "9", ":", "\n", "-", "\u212A", "\u017F", "é", "错", "\t"};

    private static String line(LiteralPattern p, Random r) {
        List<List<List<LiteralAtom>>> branches = p.branches();
        List<List<LiteralAtom>> parts = branches.get(r.nextInt(branches.size()));
        StringBuilder sb = new StringBuilder(noise(r));
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            order.add(i);
        }
        if (r.nextInt(8) == 0) {
            java.util.Collections.shuffle(order, r); // parts out of order
        }
        for (int i : order) {
            write(parts.get(i), r, sb);
            sb.append(r.nextInt(3) == 0 ? noise(r) : r.nextBoolean() ? " " : "");
        }
        sb.append(noise(r));
        String s = sb.toString();
        if (r.nextInt(6) == 0 && s.length() > 1) { // a character dropped
            int at = r.nextInt(s.length());
            s = s.substring(0, at) + s.substring(at + 1);
        }
        return s;
    }

    private static String noise(Random r) {
        return NOISE[r.nextInt(NOISE.length)] + (r.nextBoolean() ? "" : NOISE[r.nextInt(NOISE.length)]);
    }

    private static void write(List<LiteralAtom> atoms, Random r, StringBuilder sb) {
        for (LiteralAtom a : atoms) {
            if (a instanceof LiteralAtom.Lit l) {
                String t = l.text();
                sb.append(r.nextBoolean() ? t.toUpperCase(java.util.Locale.ROOT) : t);
            } else if (a instanceof LiteralAtom.Alt alt) {
                if (alt.optional() && r.nextInt(3) == 0) {
                    continue;
                }
                write(alt.alternatives().get(r.nextInt(alt.alternatives().size())), r, sb);
            } else if (a instanceof LiteralAtom.Edge) {
                if (r.nextInt(4) == 0) {
                    sb.append(NOISE[r.nextInt(NOISE.length)]);
                }
            } else if (a instanceof LiteralAtom.Anchor an) {
                if (r.nextInt(4) == 0) {
                    sb.append(an.start() ? "" : "x");
                }
            } else if (a instanceof LiteralAtom.Repeat rep) {
                int max = Math.min(rep.max(), rep.min() + 3);
                int n = rep.min() + r.nextInt(max - rep.min() + 2); // sometimes one beyond the bound
                for (int i = 0; i < n; i++) {
                    sb.append(sample(rep, r));
                }
            }
        }
    }

    private static char sample(LiteralAtom.Repeat rep, Random r) {
        return switch (rep.kind()) {
            case WORD -> "aZ_7".charAt(r.nextInt(4));
            case DIGIT -> (char) ('0' + r.nextInt(10));
            case SPACE -> " \t".charAt(r.nextInt(2));
            case NOT_SPACE, NOT_NEWLINE -> "x:/\u212A".charAt(r.nextInt(4));
            case SET -> rep.set().charAt(r.nextInt(rep.set().length()));
        };
    }
}
