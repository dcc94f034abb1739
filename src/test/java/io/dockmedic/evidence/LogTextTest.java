package io.dockmedic.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
