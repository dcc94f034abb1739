package io.dockmedic.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

/**
 * Turns raw log bytes of any shape into clean lines: invalid UTF-8 replaced, ANSI colour codes
 * and control characters (NUL included) removed, CRLF and lone CR handled, overlong lines cut with
 * a marker. Memory is bounded by {@code maxLineChars} per line and {@code maxLines} kept lines.
 */
public final class LogText {
    public static final int DEFAULT_MAX_LINE_CHARS = 8192;
    /** Bytes read at a time by {@link #lines}: few system calls, and one chunk's lines stay in the CPU cache. */
    static final int CHUNK_BYTES = 256 * 1024;
    /**
     * A word cut by the line limit is dropped when less than this much of it would be kept. The
     * redactor recognises a token by a prefix and at most 40 chars after it, and a run of 40+ base64
     * chars as a blob, so a longer head of a secret is still masked; a line that is one long word
     * keeps its first chars.
     */
    static final int MAX_CUT_WORD = 256;
    private static final Pattern ANSI = Pattern.compile("\u001B(?:\\[[0-?]{0,32}[ -/]{0,8}[@-~]|\\][^\u0007\u001B]{0,512}(?:\u0007|\u001B\\\\)?|[@-Z\\\\-_])");

    private LogText() {
    }

    /** Cleans one line of text (already decoded): strips ANSI codes and control characters, caps length. */
    public static String clean(String line, int maxLineChars) {
        String s = line;
        if (s.indexOf('\u001B') >= 0) {
            s = ANSI.matcher(s).replaceAll("");
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = (c < 0x20 && c != '\t') || c == 0x7F;
            if (control) {
                if (sb == null) {
                    sb = new StringBuilder(s.length());
                    sb.append(s, 0, i);
                }
                continue;
            }
            if (sb != null) {
                sb.append(c);
            }
        }
        if (sb != null) {
            s = sb.toString();
        }
        return cut(s, maxLineChars, 0);
    }

    /** A clean line shortened to {@code max} chars the way overlong lines are cut (never inside a short word), with a marker. */
    public static String shorten(String line, int max) {
        return cut(line, max, 0);
    }

    /**
     * {@code s} with at most {@code max} chars, and a marker when anything was cut. A cut never
     * leaves the start of a word: the run of non-space characters it would split is dropped whole
     * (a secret cut to below its minimum length would no longer be recognised by the redactor, which
     * runs later) when less than {@value #MAX_CUT_WORD} chars of it would be kept. {@code droppedBytes} &gt; 0: bytes after {@code s} were already dropped, so the end of
     * {@code s} is a cut too.
     */
    private static String cut(String s, int max, long droppedBytes) {
        if (s.length() <= max && droppedBytes == 0) {
            return s;
        }
        int end = Math.min(max, s.length());
        if (droppedBytes > 0 || end < s.length() && !space(s.charAt(end))) {
            int word = end;
            while (word > 0 && end - word < MAX_CUT_WORD && !space(s.charAt(word - 1))) {
                word--;
            }
            if (end - word < MAX_CUT_WORD) { // a longer head is still recognised: see MAX_CUT_WORD
                end = word;
                while (end > 0 && space(s.charAt(end - 1))) {
                    end--;
                }
            }
        }
        StringBuilder out = new StringBuilder(end + 48).append(s, 0, end);
        if (end < s.length()) {
            out.append(" …[truncated ").append(s.length() - end).append(" chars]");
        }
        if (droppedBytes > 0) {
            out.append(" …[truncated ").append(droppedBytes).append(" bytes]");
        }
        return out.toString();
    }

    private static boolean space(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /**
     * Reads a stream of log bytes into at most {@code maxLines} clean lines (the LAST lines are kept,
     * like docker logs --tail). Never holds more than one capped line plus the kept lines in memory.
     */
    public static List<String> readTail(InputStream in, int maxLines, int maxLineChars) throws IOException {
        Deque<String> kept = new ArrayDeque<>();
        LineSplitter splitter = new LineSplitter(maxLineChars, line -> {
            if (line.isBlank()) {
                return;
            }
            kept.addLast(line);
            if (kept.size() > maxLines) {
                kept.removeFirst();
            }
        });
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            splitter.accept(buf, 0, n);
        }
        splitter.finish();
        return new ArrayList<>(kept);
    }

    /**
     * Every non-blank clean line of a stream of log bytes of any length, as they are read: the
     * stream is read {@value #CHUNK_BYTES} bytes at a time, and only the lines of one chunk (plus one
     * capped line) are held at once, so memory does not grow with the input. The iterable can be
     * iterated once; a read error surfaces as an {@link UncheckedIOException} from the iterator. The
     * caller closes the stream.
     */
    public static Iterable<String> lines(InputStream in, int maxLineChars) {
        return new Lines(in, maxLineChars);
    }

    private static final class Lines implements Iterable<String>, Iterator<String> {
        private final InputStream in;
        private final Deque<String> ready = new ArrayDeque<>();
        private final LineSplitter splitter;
        private final byte[] buf = new byte[CHUNK_BYTES];
        private boolean started;
        private boolean ended;

        Lines(InputStream in, int maxLineChars) {
            this.in = in;
            this.splitter = new LineSplitter(maxLineChars, line -> {
                if (!line.isBlank()) {
                    ready.addLast(line);
                }
            });
        }

        @Override
        public Iterator<String> iterator() {
            if (started) {
                throw new IllegalStateException("a stream's lines can be read once");
            }
            started = true;
            return this;
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && !ended) {
                int n;
                try {
                    n = in.readNBytes(buf, 0, buf.length);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (n > 0) {
                    splitter.accept(buf, 0, n);
                }
                if (n < buf.length) {
                    splitter.finish();
                    ended = true;
                }
            }
            return !ready.isEmpty();
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.removeFirst();
        }
    }

    /**
     * Incremental byte-to-line splitter with bounded memory; feed it chunks, then call finish(). A
     * line keeps at most 4 bytes per allowed char; the rest is counted and dropped as it arrives. A
     * line that lies whole in one chunk and is printable ASCII (tabs allowed) within the length
     * limit needs no decoding or cleaning: its bytes become the String directly.
     */
    public static final class LineSplitter {
        private final int maxLineChars;
        private final java.util.function.Consumer<String> sink;
        private final int maxLineBytes;
        private byte[] current = new byte[256];
        private int size;
        private long droppedBytes;

        public LineSplitter(int maxLineChars, java.util.function.Consumer<String> sink) {
            this.maxLineChars = maxLineChars;
            this.maxLineBytes = maxLineChars * 4;
            this.sink = sink;
        }

        public void accept(byte[] data, int off, int len) {
            int end = off + len;
            int start = off;
            boolean plain = true; // data[start..i) is printable ASCII
            for (int i = off; i < end; i++) {
                byte b = data[i];
                if (((b - 0x20) & 0xFF) < 0x5F) {
                    continue; // printable ASCII, 0x20..0x7E: one comparison for the common case
                }
                if (b == '\n' || b == '\r') {
                    if (plain && size == 0 && droppedBytes == 0 && i - start <= maxLineChars) {
                        if (i > start) {
                            sink.accept(new String(data, start, i - start, StandardCharsets.ISO_8859_1));
                        }
                    } else {
                        append(data, start, i - start);
                        emit();
                    }
                    start = i + 1;
                    plain = true;
                } else if (b != '\t') {
                    plain = false; // control character, DEL or a byte of a non-ASCII character
                }
            }
            append(data, start, end - start);
        }

        private void append(byte[] data, int from, int n) {
            int take = Math.min(n, maxLineBytes - size);
            if (take > 0) {
                if (size + take > current.length) {
                    current = java.util.Arrays.copyOf(current, Math.min(maxLineBytes, Math.max(size + take, current.length * 2)));
                }
                System.arraycopy(data, from, current, size, take);
                size += take;
            }
            droppedBytes += n - Math.max(take, 0);
        }

        public void finish() {
            emit();
        }

        private void emit() {
            if (size == 0 && droppedBytes == 0) {
                return;
            }
            String line = droppedBytes == 0 ? clean(new String(current, 0, size, StandardCharsets.UTF_8), maxLineChars)
                    : cut(clean(new String(current, 0, size, StandardCharsets.UTF_8), Integer.MAX_VALUE), maxLineChars, droppedBytes);
            size = 0;
            droppedBytes = 0;
            sink.accept(line);
        }
    }
}
