package io.dockmedic.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Reading the text of an RE2 pattern without compiling it: leading flags, top-level branches,
 * groups, quantifiers and classes, as {@link Prefilter}, {@link LiteralPattern} and {@link MatchStarts}
 * need. Written by hand: RE2/J exposes no syntax tree, and these tools only need the outline.
 */
final class RegexText {
    private RegexText() {
    }

    /** The pattern without its leading flag groups ({@code (?i)}, {@code (?s-m)}). */
    static String stripLeadingFlags(String re) {
        String s = re;
        while (s.startsWith("(?") && s.length() > 2) {
            int close = s.indexOf(')');
            if (close < 0) {
                break;
            }
            String flags = s.substring(2, close);
            if (!flags.matches("[imsU-]+")) {
                break;
            }
            s = s.substring(close + 1);
        }
        return s;
    }

    /** The top-level branches of a pattern (its {@code |} outside groups and classes). */
    static List<String> splitTop(String re) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean inClass = false;
        int start = 0;
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
            } else if (c == '[') {
                inClass = true;
                if (i + 1 < re.length() && re.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                parts.add(re.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(re.substring(start));
        return parts;
    }

    /** Whether the quantifier at {@code i} lets the atom before it be absent ({@code *}, {@code ?}, {@code {0,...}}). */
    static boolean isOptionalQuantifier(String re, int i) {
        char q = re.charAt(i);
        return q == '*' || q == '?' || (q == '{' && re.startsWith("{0", i));
    }

    /** The index after the quantifier at {@code i}, if any. */
    static int skipQuantifier(String re, int i) {
        if (i >= re.length()) {
            return i;
        }
        char q = re.charAt(i);
        if (q == '*' || q == '+' || q == '?') {
            i++;
        } else if (q == '{') {
            int close = re.indexOf('}', i);
            if (close > 0 && re.substring(i + 1, close).matches("\\d+(,\\d*)?")) {
                i = close + 1;
            } else {
                return i;
            }
        } else {
            return i;
        }
        if (i < re.length() && re.charAt(i) == '?') {
            i++; // lazy
        }
        return i;
    }

    static int skipClass(String re, int i) {
        int j = i + 1;
        if (j < re.length() && re.charAt(j) == '^') {
            j++;
        }
        if (j < re.length() && re.charAt(j) == ']') {
            j++;
        }
        while (j < re.length() && re.charAt(j) != ']') {
            if (re.charAt(j) == '\\') {
                j++;
            } else if (re.startsWith("[:", j)) {
                j = re.indexOf(":]", j) + 1;
            }
            j++;
        }
        return j + 1;
    }

    static int matchingParen(String re, int open) {
        int depth = 0;
        for (int i = open; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                i = skipClass(re, i) - 1;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced");
    }

    /** The pattern inside a group, without its (?:, (?i:, (?P<name> prefix; null for a flag-only group. */
    static String groupBody(String inner) {
        if (!inner.startsWith("?")) {
            return inner;
        }
        if (inner.startsWith("?P<")) {
            return inner.substring(inner.indexOf('>') + 1);
        }
        int colon = inner.indexOf(':');
        if (colon > 0 && inner.substring(1, colon).matches("[imsU-]*")) {
            return inner.substring(colon + 1);
        }
        return null;
    }

    /** Lowercases the way the automaton does: character by character. */
    static String lower(String s) {
        char[] out = s.toCharArray();
        for (int i = 0; i < out.length; i++) {
            out[i] = Character.toLowerCase(out[i]);
        }
        return new String(out);
    }
}
