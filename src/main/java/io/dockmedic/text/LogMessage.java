package io.dockmedic.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Set;

/**
 * The message of a log line: the line without the prefixes that log shippers and engines put in front
 * of it, so that a rule (and its {@code ^} anchor) sees what the program wrote. Removed, in any order,
 * at most {@value #MAX_PREFIXES} of them:
 * <ul>
 * <li>timestamps: {@code 2024-05-01T10:00:00.123Z}, {@code 2024/05/01 10:00:00},
 *     {@code [2021-05-31 05:33:43,132]}, {@code [30-Aug-2019 14:48:02]}, with the CRI stream tag that
 *     conmon and Kubernetes write after one ({@code stdout F});</li>
 * <li>journald/syslog: {@code Mar 01 12:00:00 host unit[123]: };</li>
 * <li>compose: {@code service_1  | } and {@code app-1  | };</li>
 * <li>leading blanks.</li>
 * </ul>
 * A JSON logger's line ({@code {"level":"error","msg":"...","error":"..."}}) starts with the text of
 * its top-level message fields ({@link #MESSAGE_FIELDS}) joined with {@code ": "}, unescaped, so that
 * a pattern sees the message as the program wrote it; a tab and the object itself follow, because a
 * cause may sit in a nested field. A JSON line without a message field stays as it is.
 *
 * <p>Written by hand, not with RE2/J: this runs on every line the rule scan reads, and a hand scan of the
 * first characters costs nanoseconds where a regular expression per line costs about a microsecond. Every
 * prefix form has a bounded length ({@value #MAX_PREFIX_CHARS} chars), so the prefix part is constant
 * time; the JSON part is Jackson's streaming parser, linear in the line. Never throws on any input.
 */
public final class LogMessage {
    static final int MAX_PREFIXES = 4;
    static final int MAX_PREFIX_CHARS = 128;
    /** Top-level JSON fields that hold the message of structured loggers (zap, logrus, pino, bunyan, slog, docker json-file). */
    static final Set<String> MESSAGE_FIELDS = Set.of("msg", "message", "log", "error", "err", "exception", "error_message",
            "errorMessage");
    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private LogMessage() {
    }

    /** The message of {@code line} (the same instance when it has no prefix and is not JSON). */
    public static String of(String line) {
        int start = skipPrefixes(line, 0);
        if (jsonAt(line, start)) {
            String fields = jsonMessage(line, start);
            if (fields != null) {
                // the object stays after its message: a cause may sit in a nested field (MongoDB's attr.error)
                return fields.substring(skipPrefixes(fields, 0)) + '\t' + line.substring(start);
            }
        }
        return start == 0 ? line : line.substring(start);
    }

    /**
     * Where the message of {@code line} starts when it is the line's own tail ({@code line.substring(result)}
     * equals {@link #of}), or -1 when it is not (a JSON object, whose message {@link #of} builds). A scan
     * reads the tail in place and makes the substring only for the few lines it must confirm.
     */
    public static int tailStart(String line) {
        int start = skipPrefixes(line, 0);
        return jsonAt(line, start) ? -1 : start;
    }

    private static boolean jsonAt(String line, int start) {
        return start < line.length() && line.charAt(start) == '{' && line.charAt(line.length() - 1) == '}';
    }

    /** The index after the prefixes that start at {@code from}. */
    static int skipPrefixes(String s, int from) {
        int i = blanks(s, from);
        for (int n = 0; n < MAX_PREFIXES; n++) {
            int j = timestamp(s, i);
            if (j < 0) {
                j = journald(s, i);
            }
            if (j < 0) {
                j = compose(s, i);
            }
            if (j < 0) {
                break;
            }
            i = blanks(s, j);
        }
        return i;
    }

    private static int blanks(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    // ---- timestamps -------------------------------------------------------------------------------

    /** The index after a timestamp (and a CRI stream tag) at {@code i} followed by a blank, or -1. */
    private static int timestamp(String s, int i) {
        boolean bracket = at(s, i, '[');
        int j = bracket ? i + 1 : i;
        int end = isoDate(s, j);
        if (end < 0) {
            end = phpDate(s, j);
        }
        if (end < 0) {
            return -1;
        }
        if (bracket) {
            if (!at(s, end, ']')) {
                return -1;
            }
            end++;
        }
        if (end < s.length() && s.charAt(end) != ' ' && s.charAt(end) != '\t' && !(bracket && s.charAt(end) == '[')) {
            return -1;
        }
        int tag = criTag(s, blanks(s, end));
        return tag < 0 ? end : tag;
    }

    /** {@code 2024-05-01[T ]10:00[:00][.123456789][Z|+02:00| +0100]}: the index after it, or -1. */
    private static int isoDate(String s, int i) {
        if (!digits(s, i, 4) || !sep(s, i + 4) || !digits(s, i + 5, 2) || !sep(s, i + 7) || !digits(s, i + 8, 2)
                || !(at(s, i + 10, 'T') || at(s, i + 10, ' '))) {
            return -1;
        }
        int j = clock(s, i + 11);
        if (j < 0) {
            return -1;
        }
        if (at(s, j, 'Z')) {
            return j + 1;
        }
        int k = at(s, j, ' ') ? j + 1 : j;
        if ((at(s, k, '+') || at(s, k, '-')) && digits(s, k + 1, 2)) {
            int z = at(s, k + 3, ':') ? k + 4 : k + 3;
            return digits(s, z, 2) ? z + 2 : j;
        }
        return j;
    }

    /** {@code 30-Aug-2019 14:48:02} (PHP-FPM, Java): the index after it, or -1. */
    private static int phpDate(String s, int i) {
        if (!digits(s, i, 2) || !at(s, i + 2, '-') || month(s, i + 3) < 0 || !at(s, i + 6, '-') || !digits(s, i + 7, 4)
                || !at(s, i + 11, ' ')) {
            return -1;
        }
        return clock(s, i + 12);
    }

    /** {@code 10:00[:00][.123]}: the index after it, or -1. */
    private static int clock(String s, int i) {
        if (!digits(s, i, 2) || !at(s, i + 2, ':') || !digits(s, i + 3, 2)) {
            return -1;
        }
        int j = i + 5;
        if (at(s, j, ':') && digits(s, j + 1, 2)) {
            j += 3;
        }
        if ((at(s, j, '.') || at(s, j, ',')) && digits(s, j + 1, 1)) {
            j++;
            int limit = j + 9;
            while (j < s.length() && j < limit && isAsciiDigit(s.charAt(j))) {
                j++;
            }
        }
        return j;
    }

    /** CRI log format after the timestamp: {@code stdout F } / {@code stderr P }; the index after it, or -1. */
    private static int criTag(String s, int i) {
        if (!(s.startsWith("stdout ", i) || s.startsWith("stderr ", i))) {
            return -1;
        }
        int j = i + 7;
        boolean tag = at(s, j, 'F') || at(s, j, 'P');
        return tag && (j + 1 == s.length() || at(s, j + 1, ' ')) ? j + 1 : -1;
    }

    // ---- journald / syslog ------------------------------------------------------------------------

    /** {@code Mar 01 12:00:00 host unit[123]: }: the index after it, or -1. */
    private static int journald(String s, int i) {
        if (month(s, i) < 0 || !at(s, i + 3, ' ')) {
            return -1;
        }
        int j = i + 4;
        if (at(s, j, ' ')) {
            j++;
        }
        int day = j;
        while (j < s.length() && j - day < 2 && isAsciiDigit(s.charAt(j))) {
            j++;
        }
        if (j == day || !at(s, j, ' ')) {
            return -1;
        }
        j = clock(s, j + 1);
        if (j < 0 || !at(s, j, ' ')) {
            return -1;
        }
        int host = word(s, j + 1);
        if (host < 0 || !at(s, host, ' ')) {
            return -1;
        }
        int tag = word(s, host + 1);
        if (tag < 0 || s.charAt(tag - 1) != ':' || !(tag == s.length() || at(s, tag, ' '))) {
            return -1;
        }
        return tag;
    }

    /** A run of non-blank chars at {@code i}, at most {@value #MAX_PREFIX_CHARS}: the index after it, or -1. */
    private static int word(String s, int i) {
        int j = i;
        while (j < s.length() && j - i < MAX_PREFIX_CHARS && s.charAt(j) != ' ' && s.charAt(j) != '\t') {
            j++;
        }
        return j > i && (j == s.length() || s.charAt(j) == ' ' || s.charAt(j) == '\t') ? j : -1;
    }

    // ---- compose ----------------------------------------------------------------------------------

    /** {@code service_1  | } (a name, at least one blank, a bar, a blank or the end): the index after it, or -1. */
    private static int compose(String s, int i) {
        if (i >= s.length() || !nameChar(s.charAt(i)) || s.charAt(i) == '-' || s.charAt(i) == '.') {
            return -1;
        }
        int j = i;
        while (j < s.length() && j - i < 64 && nameChar(s.charAt(j))) {
            j++;
        }
        int k = j;
        while (k < s.length() && k - j < 64 && s.charAt(k) == ' ') {
            k++;
        }
        if (k == j || !at(s, k, '|')) {
            return -1;
        }
        return k + 1 == s.length() || at(s, k + 1, ' ') ? k + 1 : -1;
    }

    private static boolean nameChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.');
    }

    // ---- JSON loggers -----------------------------------------------------------------------------

    /** The top-level message fields of the JSON object at {@code from}, joined; null when none or not JSON. */
    private static String jsonMessage(String line, int from) {
        StringBuilder out = null;
        try (JsonParser p = JSON.createParser(line.substring(from))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else if (v == JsonToken.VALUE_STRING && MESSAGE_FIELDS.contains(name)) {
                    String text = p.getText().strip();
                    if (!text.isEmpty()) {
                        out = out == null ? new StringBuilder(text) : out.append(": ").append(text);
                    }
                }
            }
            if (t != JsonToken.END_OBJECT) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null; // not JSON after all (a line that only looks like it): match the line as it is
        }
        return out == null ? null : LogText.clean(out.toString(), LogText.DEFAULT_MAX_LINE_CHARS);
    }

    // ---- chars ------------------------------------------------------------------------------------

    private static boolean at(String s, int i, char c) {
        return i < s.length() && s.charAt(i) == c;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean digits(String s, int i, int n) {
        if (i + n > s.length()) {
            return false;
        }
        for (int k = i; k < i + n; k++) {
            if (!isAsciiDigit(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sep(String s, int i) {
        return at(s, i, '-') || at(s, i, '/');
    }

    private static int month(String s, int i) {
        if (i + 3 > s.length() || "JFMASOND".indexOf(s.charAt(i)) < 0) { // most lines fail here, at one char
            return -1;
        }
        for (int m = 0; m < MONTHS.length; m++) {
            if (s.startsWith(MONTHS[m], i)) {
                return m;
            }
        }
        return -1;
    }
}
