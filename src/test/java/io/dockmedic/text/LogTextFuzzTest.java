package io.dockmedic.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.fuzz.Fuzz;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Fuzzes log bytes (random bytes, and mutations of the corpus and build-log fixtures): the cleaned
 * lines hold no control character but tab, no escape sequence, keep to the line cap, keep at most
 * the asked number of lines, and do not depend on how the bytes were chunked on the way in.
 */
class LogTextFuzzTest {

    @Provide
    Arbitrary<byte[]> logs() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
        Arbitrary<byte[]> text = Fuzz.textLike(Fuzz.fixtures("buildlogs", n -> n.endsWith(".log") || n.endsWith(".txt")))
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(random, text);
    }

    @Property
    void cleanedLinesAreCleanBoundedAndIndependentOfChunking(@ForAll("logs") byte[] bytes,
            @ForAll @IntRange(min = 1, max = 50) int maxLines, @ForAll @IntRange(min = 1, max = 300) int maxChars,
            @ForAll @IntRange(min = 1, max = 700) int chunk) throws Exception {
        String what = new String(bytes, StandardCharsets.ISO_8859_1);
        List<String> whole = Fuzz.bounded(what, () -> LogText.readTail(new ByteArrayInputStream(bytes), maxLines, maxChars));
        assertTrue(whole.size() <= maxLines, "more lines than asked");
        for (String line : whole) {
            assertFalse(line.isBlank(), "a blank line kept");
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                assertFalse((c < 0x20 && c != '\t') || c == 0x7f, "control character " + (int) c + " in " + Fuzz.quote(line));
            }
            int cap = line.indexOf(" …[truncated ");
            assertTrue((cap < 0 ? line.length() : cap) <= maxChars, "line over the cap: " + line.length() + " > " + maxChars);
        }
        // the same bytes in chunks: the same lines (a stream splits reads anywhere, even inside a character)
        List<String> all = new ArrayList<>();
        LogText.LineSplitter s = new LogText.LineSplitter(maxChars, l -> {
            if (!l.isBlank()) {
                all.add(l);
            }
        });
        for (int off = 0; off < bytes.length; off += chunk) {
            s.accept(bytes, off, Math.min(chunk, bytes.length - off));
        }
        s.finish();
        List<String> tail = all.subList(Math.max(0, all.size() - maxLines), all.size());
        assertEquals(whole, tail, "chunked at " + chunk);
    }

    @Property
    void cleanNeverLeavesAnEscapeOrControlCharacter(@ForAll("logs") byte[] bytes, @ForAll @IntRange(min = 1, max = 500) int max)
            throws Exception {
        String line = new String(bytes, StandardCharsets.UTF_8);
        String out = Fuzz.bounded(line, () -> LogText.clean(line, max));
        assertFalse(out.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f), "control char left: " + Fuzz.quote(out));
    }
}
