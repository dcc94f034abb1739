package io.dockmedic.doctor;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Variable interpolation as Docker Compose does it in compose files and env files: {@code $$} is a
 * literal {@code $}; {@code $VAR} and {@code ${VAR}}; {@code ${VAR:-default}} (unset or empty) and
 * {@code ${VAR-default}} (unset); {@code ${VAR:?error}} and {@code ${VAR?error}} (required);
 * {@code ${VAR:+alt}} and {@code ${VAR+alt}}. Defaults may nest further references, which are only
 * evaluated when the default is used, as Compose does. A {@code $} followed by anything else stays.
 */
public final class Interpolation {

    /** How a reference treats an unset or empty variable. */
    public enum Kind {
        /** {@code $VAR} or {@code ${VAR}}: unset becomes an empty string (Compose warns). */
        PLAIN,
        /** {@code ${VAR:-d}}, {@code ${VAR-d}}, {@code ${VAR:+a}}, {@code ${VAR+a}}: never missing. */
        DEFAULTED,
        /** {@code ${VAR:?e}}: unset or empty is an error, Compose refuses to run. */
        REQUIRED_NON_EMPTY,
        /** {@code ${VAR?e}}: unset is an error. */
        REQUIRED_SET
    }

    /**
     * One variable reference.
     *
     * @param name    variable name
     * @param kind    how unset/empty is treated
     * @param error   the error text of {@code :?}/{@code ?}, else ""
     * @param missing true when the reference fails or resolves to nothing: unset for PLAIN and
     *                REQUIRED_SET, unset or empty for REQUIRED_NON_EMPTY, never for DEFAULTED
     */
    public record Ref(String name, Kind kind, String error, boolean missing) {
    }

    /** The text has a malformed {@code ${...}}: Compose rejects the whole file. */
    public static final class InvalidException extends Exception {
        InvalidException(String message) {
            super(message);
        }
    }

    private final Function<String, String> lookup;
    private final Consumer<Ref> refs;

    private Interpolation(Function<String, String> lookup, Consumer<Ref> refs) {
        this.lookup = lookup;
        this.refs = refs;
    }

    /**
     * Substitutes every reference in {@code text}.
     *
     * @param lookup value of a variable, or null when unset
     * @param refs   told about every reference that is evaluated
     * @throws InvalidException for a malformed {@code ${...}}
     */
    public static String resolve(String text, Function<String, String> lookup, Consumer<Ref> refs) throws InvalidException {
        if (text.indexOf('$') < 0) {
            return text;
        }
        return new Interpolation(lookup, refs).substitute(text);
    }

    private String substitute(String s) throws InvalidException {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '$' || i + 1 >= s.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = s.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                int end = closingBrace(s, i + 2);
                if (end < 0) {
                    throw new InvalidException("invalid interpolation format for \"" + s + "\": missing '}'");
                }
                out.append(braced(s.substring(i + 2, end), s));
                i = end + 1;
            } else if (isNameStart(next)) {
                int j = i + 1;
                while (j < s.length() && isNamePart(s.charAt(j))) {
                    j++;
                }
                out.append(plain(s.substring(i + 1, j)));
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String plain(String name) {
        String v = lookup.apply(name);
        refs.accept(new Ref(name, Kind.PLAIN, "", v == null));
        return v == null ? "" : v;
    }

    private String braced(String body, String whole) throws InvalidException {
        int j = 0;
        while (j < body.length() && isNamePart(body.charAt(j))) {
            j++;
        }
        String name = body.substring(0, j);
        if (name.isEmpty() || !isNameStart(name.charAt(0))) {
            throw new InvalidException("invalid interpolation format for \"" + whole + "\": \"${" + body + "}\" does not start with a variable name");
        }
        if (j == body.length()) {
            return plain(name);
        }
        boolean colon = body.charAt(j) == ':';
        int op = colon ? j + 1 : j;
        if (op >= body.length() || "-?+".indexOf(body.charAt(op)) < 0) {
            throw new InvalidException("invalid interpolation format for \"" + whole + "\": \"${" + body
                    + "}\"; use ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error} or ${VAR:+alt}");
        }
        String arg = body.substring(op + 1);
        String v = lookup.apply(name);
        boolean unset = v == null;
        boolean empty = unset || v.isEmpty();
        boolean absent = colon ? empty : unset;
        switch (body.charAt(op)) {
            case '-' -> {
                refs.accept(new Ref(name, Kind.DEFAULTED, "", false));
                return absent ? substitute(arg) : v;
            }
            case '+' -> {
                refs.accept(new Ref(name, Kind.DEFAULTED, "", false));
                return absent ? "" : substitute(arg);
            }
            default -> {
                refs.accept(new Ref(name, colon ? Kind.REQUIRED_NON_EMPTY : Kind.REQUIRED_SET, arg, absent));
                return absent ? "" : v;
            }
        }
    }

    /** Index of the '}' closing a '${' whose body starts at {@code from}, counting nested '${'. */
    private static int closingBrace(String s, int from) {
        int depth = 1;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                depth++;
                i++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
