package io.dockmedic.text;

/**
 * Makes outside text (container names, compose labels, log lines) safe to show on a terminal or in
 * a line-oriented log: control characters (C0 with newline and ESC, DEL, C1), line and paragraph
 * separators and the bidi controls that reorder what is shown (U+061C, U+200E/F, U+202A-U+202E,
 * U+2066-U+2069) become visible escapes ({@code \n}, {@code \x1b}, {@code \u202e}). Everything else,
 * CJK and emoji included, is kept. Written by hand: it is one pass over the characters, and no
 * library we use offers exactly this set.
 */
public final class Printable {
    private Printable() {
    }

    /** Whether this character must not reach a terminal or a log line as it is. */
    public static boolean unsafe(int c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 || c == 0x061C
                || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    /** The text with every {@linkplain #unsafe unsafe} character escaped; null stays null. */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && !unsafe(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unsafe(c)) {
                sb.append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c <= 0xFF) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    /** Like {@link #escape} but keeps line breaks and tabs: for multi-line messages (one problem per line). */
    public static String escapeKeepingLines(String text) {
        return escapeKeeping(text, '\n', Printable::escapeLine);
    }

    /** Like {@link #escape} but keeps tabs: for log lines shown as they were written. */
    public static String escapeLine(String text) {
        return escapeKeeping(text, '\t', Printable::escape);
    }

    /** {@code text} with {@code keep} left as it is and each part between escaped by {@code part}. */
    private static String escapeKeeping(String text, char keep, java.util.function.UnaryOperator<String> part) {
        if (text == null || text.indexOf(keep) < 0) {
            return part.apply(text);
        }
        StringBuilder sb = new StringBuilder(text.length());
        int from = 0;
        for (int at = text.indexOf(keep); at >= 0; at = text.indexOf(keep, from)) {
            sb.append(part.apply(text.substring(from, at))).append(keep);
            from = at + 1;
        }
        return sb.append(part.apply(text.substring(from))).toString();
    }
}
