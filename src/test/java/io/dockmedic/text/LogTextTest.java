package io.dockmedic.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogTextTest {

    private static List<String> read(byte[] bytes, int maxLines, int maxChars) throws IOException {
        return LogText.readTail(new ByteArrayInputStream(bytes), maxLines, maxChars);
    }

    @Test
    void stripsAnsiControlBytesAndHandlesCrlf() throws IOException {
        byte[] in = "\u001B[31mERROR\u001B[0m: boom\r\nnul\u0000byte\rlast".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("ERROR: boom", "nulbyte", "last"), read(in, 10, 100));
    }

    @Test
    void invalidUtf8IsReplacedNotFatal() throws IOException {
        byte[] in = {'o', 'k', (byte) 0xC3, (byte) 0x28, ' ', (byte) 0xFF, '\n'};
        List<String> lines = read(in, 10, 100);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).startsWith("ok"), lines.get(0));
    }

    @Test
    void keepsTheLastLinesOnly() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            sb.append("line ").append(i).append('\n');
        }
        assertEquals(List.of("line 998", "line 999"), read(sb.toString().getBytes(StandardCharsets.UTF_8), 2, 100));
    }

    @Test
    void aTenMegabyteLineIsTruncatedWithAMarkerInBoundedMemory() throws IOException {
        long size = 10L * 1024 * 1024;
        InputStream huge = new InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 'a' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'a');
                left -= n;
                return n;
            }
        };
        List<String> lines = LogText.readTail(huge, 5, 1000);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).length() < 1100, "capped");
        assertTrue(lines.get(0).contains("…[truncated "), lines.get(0).substring(990));
    }

    /** Splits {@code in} fed in chunks of {@code chunk} bytes. */
    private static List<String> split(byte[] in, int chunk, int maxChars) {
        List<String> out = new java.util.ArrayList<>();
        LogText.LineSplitter s = new LogText.LineSplitter(maxChars, out::add);
        for (int off = 0; off < in.length; off += chunk) {
            s.accept(in, off, Math.min(chunk, in.length - off));
        }
        s.finish();
        return out;
    }

    /**
     * Plain ASCII lines take a fast path when they lie whole in one chunk; fed a byte at a time,
     * every line takes the decoding and cleaning path: both give the same lines, on edge cases and
     * on random mixes of printable ASCII, ESC sequences, CR, LF, tabs, NUL, DEL, non-ASCII and
     * invalid UTF-8, with lines around the length limit.
     */
    @Test
    void plainAsciiFastPathGivesWhatTheCleaningPathGives() {
        List<String> edge = List.of("plain line\n", "tab\there\r\n", "\u001B[1;31mred\u001B[0m\n", "nul\u0000\u007Fdel\n",
                "Straße 密码\n", "x".repeat(8192) + "\n", "y".repeat(8193) + "\n", "z".repeat(40000) + "\n", "\r\r\n\n", "no newline");
        byte[] fixed = String.join("", edge).getBytes(StandardCharsets.UTF_8);
        assertEquals(split(fixed, 1, 8192), split(fixed, fixed.length, 8192));
        assertTrue(split(fixed, fixed.length, 8192).contains("tab\there"));
        String[] pieces = {"a", "Z", " ", "~", "\t", "\n", "\r", "\u001B[31m", "\u001B]0;t\u0007", "\u0000", "\u007F", "é", "密",
            "ok ", "error: ", "\uD83D\uDE00"};
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 300; round++) {
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            int n = random.nextInt(400);
            for (int k = 0; k < n; k++) {
                if (random.nextInt(50) == 0) {
                    buf.write(0x80 + random.nextInt(128)); // invalid UTF-8
                } else {
                    buf.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8));
                }
            }
            byte[] in = buf.toByteArray();
            int max = 1 + random.nextInt(40);
            List<String> slow = split(in, 1, max);
            assertEquals(slow, split(in, Math.max(1, in.length), max), "round " + round);
            assertEquals(slow, split(in, 1 + random.nextInt(64), max), "round " + round);
        }
    }

    /**
     * A token cut by the line limit must not leave a head the redactor (which runs after the cut) no
     * longer recognises: the cut drops the word it would split, by chars and by bytes.
     */
    @Test
    void aTokenStraddlingTheLineLimitIsDroppedWholeNotCutShort() throws IOException {
        String token = "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
        int max = LogText.DEFAULT_MAX_LINE_CHARS;
        String byChars = "x".repeat(max - 10) + " " + token + " trailing words";
        String cleaned = LogText.clean(byChars, max);
        String shown = Redactor.generic().redact(cleaned);
        assertFalse(shown.contains("ghp_A1b2"), shown.substring(max - 20));
        assertTrue(shown.startsWith("x".repeat(max - 10) + " …[truncated "), shown.substring(max - 20));

        // the byte limit (4 bytes per char): NULs (removed by cleaning) fill it, the token straddles it
        byte[] nuls = new byte[max * 4 - 8];
        byte[] line = (new String(nuls, StandardCharsets.ISO_8859_1) + "a " + token + "\n").getBytes(StandardCharsets.ISO_8859_1);
        List<String> lines = LogText.readTail(new ByteArrayInputStream(line), 5, max);
        assertEquals(1, lines.size());
        String redacted = Redactor.generic().redact(lines.get(0));
        assertFalse(redacted.contains("ghp_"), redacted);
        assertTrue(redacted.startsWith("a …[truncated "), redacted);
    }
}
