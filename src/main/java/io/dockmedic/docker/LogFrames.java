package io.dockmedic.docker;

import io.dockmedic.text.LogText;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Splits the body of the engine's {@code GET /containers/ID/logs} into clean lines, on the calling thread.
 * Without a TTY the engine multiplexes stdout and stderr into frames (an 8-byte header: stream 0, 1 or
 * 2, three zero bytes, the payload's length as a big-endian int); each stream gets its own
 * {@link LogText.LineSplitter}, so a line that arrives in pieces between the other stream's frames stays
 * whole. A TTY container's log has no frames (docker-java decides the same way, by the first header):
 * its bytes are read as they are. Written by hand because docker-java's own reader runs every log
 * read on a thread of its own (one thread started and ended per read: stack, RSS and a context switch
 * for a few KB of log).
 */
final class LogFrames {
    private static final int HEADER = 8;
    private static final int CHUNK = 8192;

    private LogFrames() {
    }

    /** Reads {@code in} to its end, handing every line (blank ones too) to {@code sink}. */
    static void read(InputStream in, int maxLineChars, Consumer<String> sink) throws IOException {
        byte[] header = new byte[HEADER];
        int got = in.readNBytes(header, 0, HEADER);
        if (got == 0) {
            return;
        }
        if (got < HEADER || !isFrameHeader(header)) {
            raw(header, got, in, new LogText.LineSplitter(maxLineChars, sink));
            return;
        }
        LogText.LineSplitter[] streams = new LogText.LineSplitter[3];
        byte[] buf = new byte[CHUNK];
        do {
            int stream = header[0];
            if (streams[stream] == null) {
                streams[stream] = new LogText.LineSplitter(maxLineChars, sink);
            }
            if (!payload(in, length(header), buf, streams[stream])) {
                break; // the engine ended the stream inside a frame: keep what arrived
            }
            got = in.readNBytes(header, 0, HEADER);
        } while (got == HEADER && isFrameHeader(header));
        for (LogText.LineSplitter s : streams) {
            if (s != null) {
                s.finish();
            }
        }
    }

    private static boolean isFrameHeader(byte[] h) {
        return h[0] >= 0 && h[0] <= 2 && h[1] == 0 && h[2] == 0 && h[3] == 0;
    }

    private static long length(byte[] h) {
        return ((h[4] & 0xFFL) << 24) | ((h[5] & 0xFF) << 16) | ((h[6] & 0xFF) << 8) | (h[7] & 0xFF);
    }

    /** @return false when the stream ended before {@code length} bytes */
    private static boolean payload(InputStream in, long length, byte[] buf, LogText.LineSplitter to) throws IOException {
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                return false;
            }
            to.accept(buf, 0, n);
            left -= n;
        }
        return true;
    }

    private static void raw(byte[] first, int firstLength, InputStream in, LogText.LineSplitter to) throws IOException {
        to.accept(first, 0, firstLength);
        byte[] buf = new byte[CHUNK];
        for (int n; (n = in.read(buf)) >= 0; ) {
            to.accept(buf, 0, n);
        }
        to.finish();
    }
}
