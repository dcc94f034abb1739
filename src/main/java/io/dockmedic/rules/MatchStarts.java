package io.dockmedic.rules;

import static io.dockmedic.rules.RegexText.groupBody;
import static io.dockmedic.rules.RegexText.isOptionalQuantifier;
import static io.dockmedic.rules.RegexText.matchingParen;
import static io.dockmedic.rules.RegexText.splitTop;
import static io.dockmedic.rules.RegexText.stripLeadingFlags;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a pattern's matches can start: the literals every match begins with, so that the regular
 * expression is run from the first of them in a line rather than from every position before it.
 */
final class MatchStarts {
    private MatchStarts() {
    }

    /**
     * Lowercase literals one of which every match of {@code regex} starts with ({@code ^} and
     * {@code \\b} may come first), or null when some branch does not start with an ASCII literal.
     */
    static List<String> starts(String regex) {
        try {
            List<String> starts = startsOf(stripLeadingFlags(regex));
            return starts == null || starts.stream().anyMatch(l -> !l.chars().allMatch(c -> c < 128)) ? null : starts;
        } catch (RuntimeException e) {
            return null; // unusual syntax: the regex starts at the line's start
        }
    }

    private static List<String> startsOf(String re) {
        List<String> out = new ArrayList<>();
        for (String b : splitTop(re)) {
            int i = 0;
            while (b.startsWith("^", i) || b.startsWith("\\b", i)) {
                i += b.charAt(i) == '^' ? 1 : 2;
            }
            List<String> starts;
            if (b.startsWith("(", i)) {
                int close = matchingParen(b, i);
                String body = close + 1 < b.length() && isOptionalQuantifier(b, close + 1)
                        ? null : groupBody(b.substring(i + 1, close));
                starts = body == null ? null : startsOf(stripLeadingFlags(body));
            } else {
                String run = leadingRun(b, i);
                starts = run.isEmpty() ? null : List.of(run);
            }
            if (starts == null) {
                return null;
            }
            out.addAll(starts);
        }
        return out;
    }

    /** The lowercase literal text at {@code i} of a branch, without a last char that is optional. */
    private static String leadingRun(String re, int i) {
        StringBuilder run = new StringBuilder();
        while (i < re.length()) {
            char c = re.charAt(i);
            if (c == '\\' && i + 1 < re.length() && !Character.isLetterOrDigit(re.charAt(i + 1))) {
                c = re.charAt(++i);
            } else if (c == '\\' || ".+*?()|[]{}^$".indexOf(c) >= 0) {
                break;
            }
            i++;
            if (i < re.length() && isOptionalQuantifier(re, i)) {
                break; // c may be absent
            }
            run.append(Character.toLowerCase(c));
            if (i < re.length() && (re.charAt(i) == '+' || re.charAt(i) == '{')) {
                break;
            }
        }
        return run.toString();
    }

    /**
     * Where to start looking for a match in {@code line}: the first of the pattern's {@link #starts}.
     * 0 when it has none, when none is found, or when the line is not ASCII (RE2's case folding
     * of other characters is RE2's to decide).
     */
    static int firstStart(String line, List<String> starts) {
        if (starts == null) {
            return 0;
        }
        char[] lower = new char[line.length()];
        for (int i = 0; i < lower.length; i++) {
            char c = line.charAt(i);
            if (c >= 128) {
                return 0;
            }
            lower[i] = Character.toLowerCase(c);
        }
        String hay = new String(lower);
        int first = -1;
        for (String s : starts) {
            int at = hay.indexOf(s);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return Math.max(first, 0);
    }
}
