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
 * <li>journald/syslog: {@code Mar 01 12:00:00 host unit[123]: }, after an ISO time ({@code journalctl -o short-iso})
 *     with a {@code [pid]} or the kernel's tag, RFC 3164's {@code <27>} and RFC 5424's
 *     {@code <27>1 TIME HOST APP PROCID MSGID SD };</li>
 * <li>compose: {@code service_1  | } and {@code app-1  | }, {@code docker service logs}' {@code stack_app.1.id@node  | };</li>
 * <li>{@code kubectl logs --prefix}: {@code [pod/NAME/CONTAINER] }; Loki's logcli: a label set {@code {job="x"} } after a time;</li>
 * <li>leading blanks.</li>
 * </ul>
 * A JSON logger's line ({@code {"level":"error","msg":"...","error":"..."}}) starts with the text of
 * its top-level message fields ({@link #MESSAGE_FIELDS}) joined with {@code ": "}, unescaped, so that
 * a pattern sees the message as the program wrote it; a line break and the object itself follow, because a
 * cause may sit in a nested field. A JSON line without a message field stays as it is.
 *
 * <p>Written by hand, not with RE2/J: this runs on every line the rule scan reads, and a hand scan of the
 * first characters costs nanoseconds where a regular expression per line costs about a microsecond. Every
 * prefix form has a bounded length ({@link LogPrefixes}), so the prefix part is constant
 * time; the JSON part is Jackson's streaming parser, linear in the line. Never throws on any input.
 */
public final class LogMessage {
    /** Top-level JSON fields that hold the message of structured loggers (zap, logrus, pino, bunyan, slog, docker json-file). */
    static final Set<String> MESSAGE_FIELDS = Set.of("msg", "message", "log", "error", "err", "exception", "error_message",
            "errorMessage");
    /** Top-level JSON fields that hold a structured logger's level. */
    static final Set<String> LEVEL_FIELDS = Set.of("s", "level", "severity", "lvl", "log.level");
    /** Levels below error, lowercase: MongoDB's I, W and D1-D5, and the words of the other loggers. */
    static final Set<String> BELOW_ERROR = Set.of("i", "w", "d", "d1", "d2", "d3", "d4", "d5", "info", "information",
            "informational", "notice", "debug", "trace", "warn", "warning");
    private static final JsonFactory JSON = new JsonFactory();

    private LogMessage() {
    }

    /** The message of {@code line} (the same instance when it has no prefix and is not JSON). */
    public static String of(String line) {
        return of(line, NESTING);
    }

    /**
     * JSON objects inside a message field that are unwrapped too: docker's json-file driver keeps each line as
     * {@code {"log":"...","stream":"stderr",...}}, so a JSON logger's line read from such a file is one object inside
     * another. One level: a line nested deeper is matched as it is, and hostile input cannot make a line parsed more
     * than twice.
     */
    private static final int NESTING = 1;

    private static String of(String line, int nesting) {
        int start = LogPrefixes.skip(line, 0);
        if (jsonAt(line, start)) {
            String message = jsonMessage(line, start);
            if (message != null) {
                if (nesting > 0 && jsonAt(message, 0)) {
                    message = of(message, nesting - 1); // a JSON logger's line inside a json-file record
                }
                // the object stays after its message: a cause may sit in a nested field (MongoDB's attr.error)
                // after a line break: a cleaned line has none, so no pattern's [^\n]* or . runs from the message
                // into the object, which repeats it
                return message + '\n' + line.substring(start);
            }
        }
        return start == 0 ? line : line.substring(start);
    }

    /**
     * The message of a JSON logger's line without the object {@link #of} puts after it (a pattern that
     * ends with {@code $} must see where the message ends), or null when {@code line} is not a JSON
     * logger's line with a message field. Parses the line again: for the few lines a pattern is confirmed on.
     */
    public static String withoutObject(String line) {
        return withoutObject(line, NESTING);
    }

    private static String withoutObject(String line, int nesting) {
        int start = LogPrefixes.skip(line, 0);
        String message = jsonAt(line, start) ? jsonMessage(line, start) : null;
        if (message == null) {
            return null;
        }
        String inner = nesting > 0 && jsonAt(message, 0) ? withoutObject(message, nesting - 1) : null;
        return inner != null ? inner : message;
    }

    /**
     * Where the message of {@code line} starts when it is the line's own tail ({@code line.substring(result)}
     * equals {@link #of}), or -1 when it is not (a JSON object, whose message {@link #of} builds). A scan
     * reads the tail in place and makes the substring only for the few lines it must confirm.
     */
    public static int tailStart(String line) {
        int start = LogPrefixes.skip(line, 0);
        return jsonAt(line, start) ? -1 : start;
    }

    private static boolean jsonAt(String line, int start) {
        return start < line.length() && line.charAt(start) == '{' && line.charAt(line.length() - 1) == '}';
    }

    // ---- JSON loggers -----------------------------------------------------------------------------

    /**
     * Whether {@code line} is a JSON logger's line whose own top-level level field ({@link #LEVEL_FIELDS}:
     * MongoDB's {@code "s"}, {@code "level"}, {@code "severity"}, {@code "lvl"}, {@code "log.level"}) says it is
     * below error: info, warning, notice, debug or trace ({@link #BELOW_ERROR}, any case); or a logrus text
     * line (containerd, nerdctl, dockerd in a terminal) that starts with its debug or trace level,
     * {@code DEBU[0004]} or {@code TRAC[0000]}. Parses the line: for the few lines a caller asks about, not for
     * every line of a scan.
     */
    public static boolean statesLevelBelowError(String line) {
        return statesLevelBelowError(line, NESTING);
    }

    private static boolean statesLevelBelowError(String line, int nesting) {
        int start = LogPrefixes.skip(line, 0);
        if (line.startsWith("DEBU[", start) || line.startsWith("TRAC[", start)) {
            return true;
        }
        boolean[] below = {false};
        if (!jsonAt(line, start) || !topLevelStrings(line, start, (name, value) -> below[0] |= LEVEL_FIELDS.contains(name)
                && BELOW_ERROR.contains(value.toLowerCase(java.util.Locale.ROOT)))) {
            return false;
        }
        if (below[0] || nesting == 0) {
            return below[0];
        }
        String message = jsonMessage(line, start); // a json-file record: the level of the line inside it
        return message != null && statesLevelBelowError(message, nesting - 1);
    }

    /**
     * The top-level message fields of the JSON object at {@code from}, joined, without the prefixes they start with;
     * null when none or not JSON.
     */
    private static String jsonMessage(String line, int from) {
        StringBuilder[] out = {null};
        boolean json = topLevelStrings(line, from, (name, value) -> {
            if (MESSAGE_FIELDS.contains(name)) {
                String text = value.strip();
                if (!text.isEmpty()) {
                    out[0] = out[0] == null ? new StringBuilder(text) : out[0].append(": ").append(text);
                }
            }
        });
        if (!json || out[0] == null) {
            return null;
        }
        String fields = LogText.clean(out[0].toString(), LogText.DEFAULT_MAX_LINE_CHARS);
        return fields.substring(LogPrefixes.skip(fields, 0));
    }

    /**
     * Hands each top-level field with a string value of the JSON object at {@code from} to {@code field}, in
     * order; false when the text there is not one JSON object.
     */
    private static boolean topLevelStrings(String line, int from, java.util.function.BiConsumer<String, String> field) {
        try (JsonParser p = JSON.createParser(line.substring(from))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else if (v == JsonToken.VALUE_STRING) {
                    field.accept(name, p.getText());
                }
            }
            return t == JsonToken.END_OBJECT;
        } catch (IOException | RuntimeException e) {
            return false; // not JSON after all (a line that only looks like it): match the line as it is
        }
    }
}
