package io.dockmedic.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogFramesTest {

    private static byte[] frame(int stream, String payload) {
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(stream);
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(p.length >>> 24);
        out.write(p.length >>> 16);
        out.write(p.length >>> 8);
        out.write(p.length);
        out.writeBytes(p);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Hands out at most 3 bytes per read, as a socket may: headers and payloads arrive in pieces. */
    private static InputStream trickle(byte[] data) {
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 3));
            }
        };
    }

    private static List<String> lines(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        LogFrames.read(in, 8192, lines::add);
        return lines;
    }

    @Test
    void demultiplexesStdoutAndStderrKeepingEachStreamsPartialLineApart() throws IOException {
        byte[] log = concat(frame(1, "starting\nconnecting to "), frame(2, "FATAL: password "),
                frame(1, "postgres\n"), frame(2, "authentication failed\n"));
        assertEquals(List.of("starting", "connecting to postgres", "FATAL: password authentication failed"),
                lines(trickle(log)));
    }

    @Test
    void aLastLineWithoutNewlineStillCounts() throws IOException {
        assertEquals(List.of("a", "b"), lines(new ByteArrayInputStream(concat(frame(1, "a\n"), frame(2, "b")))));
    }

    @Test
    void aTtyContainersLogHasNoFramesAndIsReadAsIs() throws IOException {
        byte[] raw = "Error: connect ECONNREFUSED 127.0.0.1:6379\r\nretrying\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("Error: connect ECONNREFUSED 127.0.0.1:6379", "retrying"), lines(trickle(raw)));
    }

    @Test
    void aFrameCutShortByTheEngineKeepsWhatArrived() throws IOException {
        byte[] whole = frame(2, "panic: out of memory\n");
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 4); // "ory\n" never arrives
        assertEquals(List.of("ok", "panic: out of mem"), lines(new ByteArrayInputStream(concat(frame(1, "ok\n"), cut))));
    }

    @Test
    void anEmptyLogHasNoLines() throws IOException {
        assertEquals(List.of(), lines(new ByteArrayInputStream(new byte[0])));
    }

    @Test
    void aLargeFrameIsReadInPiecesWithoutLosingBytes() throws IOException {
        StringBuilder big = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            String line = "line " + i + " of a long log that the agent reads from its end";
            big.append(line).append('\n');
            expected.add(line);
        }
        assertEquals(expected, lines(new ByteArrayInputStream(frame(1, big.toString()))));
    }
}
