package io.dockmedic.text;

/**
 * The prefixes that log shippers and engines put in front of a program's line ({@link LogMessage}
 * lists them): each form is recognised by hand at a position and has a bounded length
 * ({@value #MAX_PREFIX_CHARS} chars, a label set or structured data four times that), so skipping
 * them costs constant time per line. Never throws on any input.
 */
final class LogPrefixes {
    static final int MAX_PREFIXES = 4;
    static final int MAX_PREFIX_CHARS = 128;
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private LogPrefixes() {
    }

    /** The index after the prefixes that start at {@code from}. */
    static int skip(String s, int from) {
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
                j = syslogPriority(s, i);
            }
            if (j < 0) {
                j = kubectlPrefix(s, i);
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
        int after = blanks(s, end);
        int tag = criTag(s, after);
        if (tag < 0 && !bracket) {
            tag = isoSyslogTag(s, after);
        }
        if (tag < 0 && !bracket) {
            tag = labelSet(s, after);
        }
        return tag < 0 ? end : tag;
    }

    /**
     * {@code host unit[123]: } or {@code host kernel: } after an ISO time ({@code journalctl -o short-iso}):
     * the index after it, or -1. Without the {@code [pid]} two words and a colon may be the message itself.
     */
    private static int isoSyslogTag(String s, int i) {
        int host = word(s, i);
        if (host < 0 || !at(s, host, ' ')) {
            return -1;
        }
        int tag = word(s, host + 1);
        if (tag < 0 || tag - 2 <= host + 1 || s.charAt(tag - 1) != ':') {
            return -1;
        }
        int open = s.lastIndexOf('[', tag - 2);
        boolean pid = s.charAt(tag - 2) == ']' && open > host + 1 && digits(s, open + 1, tag - 3 - open);
        return pid || s.startsWith("kernel:", host + 1) && tag == host + 8 ? tag : -1;
    }

    /** Loki's label set after a time ({@code logcli}): {@code {job="x", container="app"} }; the index after it, or -1. */
    private static int labelSet(String s, int i) {
        if (!at(s, i, '{')) {
            return -1;
        }
        int j = i + 1;
        int limit = Math.min(s.length(), i + 4 * MAX_PREFIX_CHARS);
        while (j < limit) {
            int key = j;
            while (j < limit && (Character.isLetterOrDigit(s.charAt(j)) && s.charAt(j) < 128 || s.charAt(j) == '_')) {
                j++;
            }
            if (j == key || !at(s, j, '=') || !at(s, j + 1, '"')) {
                return -1;
            }
            j += 2;
            while (j < limit && s.charAt(j) != '"') {
                j += s.charAt(j) == '\\' ? 2 : 1;
            }
            j++;
            if (at(s, j, '}')) {
                return j + 1 < s.length() && at(s, j + 1, ' ') ? j + 1 : -1;
            }
            if (!at(s, j, ',')) {
                return -1;
            }
            j = blanks(s, j + 1);
        }
        return -1;
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

    /**
     * A syslog priority: RFC 3164's {@code <27>} before its time (the index after the {@code >}), or
     * RFC 5424's header {@code <27>1 TIME HOST APP PROCID MSGID SD } (the index after it); else -1.
     */
    private static int syslogPriority(String s, int i) {
        if (!at(s, i, '<')) {
            return -1;
        }
        int j = i + 1;
        while (j < s.length() && j - i <= 3 && isAsciiDigit(s.charAt(j))) {
            j++;
        }
        if (j == i + 1 || !at(s, j, '>')) {
            return -1;
        }
        j++;
        if (month(s, j) >= 0) {
            return j; // RFC 3164: the journald/syslog form follows
        }
        if (!at(s, j, '1') || !at(s, j + 1, ' ')) {
            return -1;
        }
        j += 2;
        for (int field = 0; field < 5; field++) { // TIME HOST APP PROCID MSGID, "-" when absent
            j = word(s, j);
            if (j < 0 || !at(s, j, ' ')) {
                return -1;
            }
            j++;
        }
        if (at(s, j, '-')) {
            return j + 1 == s.length() || at(s, j + 1, ' ') ? j + 1 : -1;
        }
        int limit = Math.min(s.length(), j + 4 * MAX_PREFIX_CHARS);
        while (at(s, j, '[')) { // structured data: [id key="value" ...], quotes may hold \] and \"
            boolean quoted = false;
            for (j++; j < limit && (quoted || s.charAt(j) != ']'); j++) {
                if (s.charAt(j) == '\\') {
                    j++;
                } else if (s.charAt(j) == '"') {
                    quoted = !quoted;
                }
            }
            if (j >= limit) {
                return -1;
            }
            j++;
        }
        return j == s.length() || at(s, j, ' ') ? j : -1;
    }

    /** {@code kubectl logs --prefix}: {@code [pod/NAME/CONTAINER] }; the index after it, or -1. */
    private static int kubectlPrefix(String s, int i) {
        if (!s.startsWith("[pod/", i)) {
            return -1;
        }
        int end = word(s, i);
        return end > i + 6 && s.charAt(end - 1) == ']' ? end : -1;
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
        if (i >= s.length() || !nameChar(s.charAt(i)) || s.charAt(i) == '-' || s.charAt(i) == '.' || s.charAt(i) == '@') {
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

    /** A char of a compose container name, or of a Swarm task's {@code name.slot.id@node}. */
    private static boolean nameChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '@');
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
