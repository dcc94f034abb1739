package io.dockmedic.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the built-in rules' patterns as POSIX extended regular expressions for {@code grep -E -f}:
 * {@code DIR/patterns.ere} (case-sensitive) and {@code DIR/patterns-i.ere} (those with a leading
 * {@code (?i)}, for {@code grep -i}); {@code \d \s \w} become bracket classes, {@code (?:} a plain
 * group, lazy quantifiers greedy ones (same lines match). Patterns ERE cannot say (inline flag
 * groups, {@code \p{..}}, escapes inside brackets it reads differently) are listed on stdout as skipped.
 *
 * <p>Usage: {@code GrepPatterns DIR}
 */
public final class GrepPatterns {
    private GrepPatterns() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        List<String> sensitive = new ArrayList<>();
        List<String> insensitive = new ArrayList<>();
        int skipped = 0;
        for (Condition.LinePattern p : RuleLoader.builtin().patterns()) {
            String re = p.text();
            boolean ci = re.startsWith("(?i)");
            String ere = ere(ci ? re.substring(4) : re);
            if (ere == null) {
                skipped++;
                System.out.println("skipped (no ERE form): " + re);
            } else {
                (ci ? insensitive : sensitive).add(ere);
            }
        }
        write(dir.resolve("patterns.ere"), sensitive);
        write(dir.resolve("patterns-i.ere"), insensitive);
        System.out.printf("%d patterns as ERE (%d case-sensitive, %d with -i), %d skipped%n",
                sensitive.size() + insensitive.size(), sensitive.size(), insensitive.size(), skipped);
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** The ERE form of an RE2 pattern (without leading flags), or null. */
    static String ere(String re) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < re.length()) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (i + 1 >= re.length()) {
                    return null;
                }
                String e = escape(re.charAt(i + 1));
                if (e == null) {
                    return null;
                }
                out.append(e);
                i += 2;
            } else if (c == '[') {
                int end = bracket(re, i, out);
                if (end < 0) {
                    return null;
                }
                i = end;
            } else if (c == '(' && re.startsWith("(?", i)) {
                if (re.startsWith("(?:", i)) {
                    i += 3;
                } else if (re.startsWith("(?P<", i)) {
                    i = re.indexOf('>', i) + 1;
                } else {
                    return null; // inline flags
                }
                out.append('(');
            } else if (c == '?' && i > 0 && "*+?}".indexOf(re.charAt(i - 1)) >= 0 && (i < 2 || re.charAt(i - 2) != '\\')) {
                i++; // lazy: the same lines match
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String escape(char n) {
        return switch (n) {
            case 'd' -> "[0-9]";
            case 'D' -> "[^0-9]";
            case 's' -> "[[:space:]]";
            case 'S' -> "[^[:space:]]";
            case 'w' -> "[[:alnum:]_]";
            case 'W' -> "[^[:alnum:]_]";
            case 'b' -> "\\b";
            case 'B' -> "\\B";
            default -> {
                if (Character.isLetterOrDigit(n)) {
                    yield null;
                }
                yield ".[]()*+?{}|^$\\".indexOf(n) >= 0 ? "\\" + n : String.valueOf(n);
            }
        };
    }

    /**
     * Copies the bracket expression at {@code start} as POSIX (where {@code \\} is no escape: an
     * escaped {@code ]} goes first, {@code ^} after it, {@code -} last); returns the index after it, or -1.
     */
    private static int bracket(String re, int start, StringBuilder out) {
        int i = start + 1;
        boolean negated = re.startsWith("^", i);
        if (negated) {
            i++;
        }
        if (negated && re.startsWith("\\n]", i)) {
            out.append('.'); // [^\n]: any character of a line
            return i + 3;
        }
        StringBuilder body = new StringBuilder();
        boolean rbracket = false;
        boolean caret = false;
        boolean dash = false;
        boolean first = true;
        while (i < re.length() && (re.charAt(i) != ']' || first)) {
            char c = re.charAt(i);
            first = false;
            if (c == '\\') {
                char n = re.charAt(i + 1);
                switch (n) {
                    case 'd' -> body.append("0-9");
                    case 's' -> body.append("[:space:]");
                    case 'w' -> body.append("[:alnum:]_");
                    case ']' -> rbracket = true;
                    case '^' -> caret = true;
                    case '-' -> dash = true;
                    default -> {
                        if (Character.isLetterOrDigit(n)) {
                            return -1; // \n \p{..} \S ...: no POSIX bracket form
                        }
                        body.append(n);
                    }
                }
                i += 2;
            } else if (c == '[' && re.startsWith("[:", i)) {
                int close = re.indexOf(":]", i);
                body.append(re, i, close + 2);
                i = close + 2;
            } else {
                body.append(c);
                i++;
            }
        }
        if (i >= re.length()) {
            return -1;
        }
        out.append('[').append(negated ? "^" : "").append(rbracket ? "]" : "").append(body)
                .append(caret ? "^" : "").append(dash ? "-" : "").append(']');
        return i + 1;
    }
}
