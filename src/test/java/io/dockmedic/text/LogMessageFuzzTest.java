package io.dockmedic.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.fuzz.Fuzz;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link LogMessage} on hostile lines: never throws, a line's message is a suffix of it (or, for a JSON
 * logger's line, no longer than it and clean), and pathological lines of the longest length the cleaner
 * lets through (prefix look-alikes repeated, deep JSON) finish within {@link Fuzz#PER_INPUT}.
 */
class LogMessageFuzzTest {
    private static final String[] PIECES = {"2024-05-01T10:00:00.123Z ", "[2021-05-31 05:33:43,132]", "stdout F ",
        "Mar  1 12:00:00 host unit[1]: ", "svc_1  | ", "| ", "{", "}", "[", "]", "\"msg\":", "\"error\":\"", "\\\"",
        "\\u00", ",", ":", " ", "\t", "a", "Killed", "30-Aug-2019 14:48:02", "2024/05/01 10:00", "é", "令牌"};

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> pieces = Arbitraries.of(PIECES).list().ofMaxSize(60).map(l -> String.join("", l));
        Arbitrary<String> random = Arbitraries.strings().ofMaxLength(300);
        Arbitrary<String> text = Fuzz.textLike(Fuzz.fixtures("buildlogs", n -> n.endsWith(".log") || n.endsWith(".txt")));
        return Arbitraries.oneOf(pieces, random, text).map(s -> LogText.clean(s, LogText.DEFAULT_MAX_LINE_CHARS));
    }

    @Property
    void neverThrowsAndOnlyTakesAway(@ForAll("lines") String line) throws Exception {
        String message = Fuzz.bounded(line, () -> LogMessage.of(line));
        assertNotNull(message);
        boolean json = line.strip().endsWith("}") && message.contains("\t{");
        assertTrue(line.endsWith(message) || json, "not a suffix of the line: " + Fuzz.quote(message));
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            assertFalse((c < 0x20 && c != '\t') || c == 0x7f, "control character in " + Fuzz.quote(message));
        }
    }

    /** The scan reads a line's tail in place where {@link LogMessage#tailStart} says it is the message. */
    @Property
    void theTailStartGivesTheMessage(@ForAll("lines") String line) {
        int start = LogMessage.tailStart(line);
        if (start >= 0) {
            assertEquals(LogMessage.of(line), line.substring(start), Fuzz.quote(line));
        } else {
            assertTrue(line.strip().endsWith("}"), "only a JSON object is built: " + Fuzz.quote(line));
        }
    }

    @Property(tries = 30)
    void longPathologicalLinesFinish(@ForAll @IntRange(min = 0, max = 23) int piece,
                                     @ForAll @IntRange(min = 0, max = 3) int shape) throws Exception {
        String unit = PIECES[piece];
        StringBuilder sb = new StringBuilder();
        while (sb.length() < LogText.DEFAULT_MAX_LINE_CHARS - 64) {
            switch (shape) {
                case 0 -> sb.append(unit);
                case 1 -> sb.insert(0, "{\"msg\":").append('}');
                case 2 -> sb.insert(0, "{\"a\":[").append("]}");
                default -> sb.append(unit).append("| ");
            }
        }
        String line = shape == 0 || shape == 3 ? sb.toString() : "{\"msg\":\"x\",\"z\":" + sb + "}";
        assertNotNull(Fuzz.bounded(line, () -> LogMessage.of(line)));
    }

    @Test
    void aThousandComposePrefixesLoseOnlyTheFirstFew() throws Exception {
        String line = "svc_1 | ".repeat(1000) + "Killed";
        String message = Fuzz.bounded(line, () -> LogMessage.of(line));
        assertTrue(line.endsWith(message) && message.length() > 6, "only a bounded number of prefixes come off");
    }
}
