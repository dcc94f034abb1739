package io.dockmedic.doctor;

import io.dockmedic.yaml.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An env file read by Compose's rules: {@code KEY=value} lines, blank lines and {@code #} comments,
 * an optional {@code export} prefix, single quotes (literal), double quotes (escapes {@code \n \t \"
 * \\ \$} and interpolation), unquoted values (trimmed, a {@code #} after a blank starts a comment,
 * interpolated), and a bare {@code KEY} that takes its value from the shell environment. Values are
 * kept in memory only: nothing here prints them.
 */
public final class EnvFile {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

    /**
     * One variable.
     *
     * @param name  variable name
     * @param value the value after quotes and interpolation, or null when only the name is given
     *              and the shell environment has no value either
     * @param line  1-based line of the definition
     */
    public record Entry(String name, String value, int line) {
        @Override
        public String toString() {
            return name + " (line " + line + ")"; // never the value
        }
    }

    private final String file;
    private final Map<String, Entry> entries;
    private final List<Problem> problems;

    private EnvFile(String file, Map<String, Entry> entries, List<Problem> problems) {
        this.file = file;
        this.entries = Collections.unmodifiableMap(entries);
        this.problems = List.copyOf(problems);
    }

    /**
     * Parses env file text.
     *
     * @param file  name shown in problems
     * @param text  the file's content
     * @param shell the shell environment (for bare names and interpolation), name to value or null
     */
    public static EnvFile parse(String file, String text, Function<String, String> shell) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r", -1);
        for (int n = 0; n < lines.length; n++) {
            String raw = n == 0 && lines[0].startsWith("\uFEFF") ? lines[0].substring(1) : lines[n];
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (n + 1);
            if (line.startsWith("export ") || line.startsWith("export\t")) {
                line = line.substring(7).stripLeading();
            }
            int eq = line.indexOf('=');
            String key = (eq < 0 ? line : line.substring(0, eq)).strip();
            if (!KEY.matcher(key).matches()) {
                // never the text: a line without a name may be a pasted password or URL with credentials
                problems.add(eq < 0 || key.isEmpty() ? new Problem(where, "", null, "is not a KEY=value line")
                        : new Problem(where + ":" + (raw.indexOf(key) + badChar(key) + 1), "", null,
                                "the variable name has a character other than letters, digits, _ . and - (or starts with a digit)"));
                continue;
            }
            if (eq < 0) {
                entries.put(key, new Entry(key, shell.apply(key), n + 1));
                continue;
            }
            Function<String, String> lookup = name -> entries.containsKey(name) ? entries.get(name).value() : shell.apply(name);
            try {
                entries.put(key, new Entry(key, value(line.substring(eq + 1).stripLeading(), lookup), n + 1));
            } catch (Interpolation.InvalidException | IllegalArgumentException e) {
                problems.add(new Problem(where, key, null, e instanceof Interpolation.InvalidException
                        ? "has an invalid ${...} reference" : e.getMessage()));
            }
        }
        return new EnvFile(file, entries, problems);
    }

    /** Index of the first character that makes a name invalid. */
    private static int badChar(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = c == '_' || (c < 0x80 && Character.isLetter(c)) || (i > 0 && (c < 0x80 && Character.isDigit(c) || c == '.' || c == '-'));
            if (!ok) {
                return i;
            }
        }
        return 0;
    }

    private static String value(String v, Function<String, String> lookup) throws Interpolation.InvalidException {
        if (v.startsWith("'")) {
            int end = v.indexOf('\'', 1);
            if (end < 0) {
                throw new IllegalArgumentException("has no closing single quote (multi-line values are not supported)");
            }
            trailing(v.substring(end + 1));
            return v.substring(1, end);
        }
        if (v.startsWith("\"")) {
            StringBuilder sb = new StringBuilder();
            int i = 1;
            for (; i < v.length() && v.charAt(i) != '"'; i++) {
                char c = v.charAt(i);
                if (c == '\\' && i + 1 < v.length()) {
                    char e = v.charAt(++i);
                    sb.append(switch (e) {
                        case 'n' -> "\n";
                        case 't' -> "\t";
                        case 'r' -> "\r";
                        case '$' -> "$$";
                        case '"', '\\' -> String.valueOf(e);
                        default -> "\\" + e;
                    });
                } else {
                    sb.append(c);
                }
            }
            if (i >= v.length()) {
                throw new IllegalArgumentException("has no closing double quote (multi-line values are not supported)");
            }
            trailing(v.substring(i + 1));
            return Interpolation.resolve(sb.toString(), lookup, r -> { });
        }
        String plain = v;
        for (int i = 1; i < plain.length(); i++) {
            if (plain.charAt(i) == '#' && Character.isWhitespace(plain.charAt(i - 1))) {
                plain = plain.substring(0, i);
                break;
            }
        }
        return Interpolation.resolve(plain.strip(), lookup, r -> { });
    }

    private static void trailing(String rest) {
        String r = rest.strip();
        if (!r.isEmpty() && !r.startsWith("#")) {
            throw new IllegalArgumentException("has text after the closing quote");
        }
    }

    public String file() {
        return file;
    }

    /** Variables in file order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** Lines that are not valid: file:line (and column of a bad name) and why, never the text of the line. */
    public List<Problem> problems() {
        return problems;
    }
}
