package io.dockmedic.rules;

import static io.dockmedic.rules.RegexText.matchingParen;
import static io.dockmedic.rules.RegexText.skipClass;
import static io.dockmedic.rules.RegexText.splitTop;

import io.dockmedic.rules.LiteralAtom.Alt;
import io.dockmedic.rules.LiteralAtom.Anchor;
import io.dockmedic.rules.LiteralAtom.Edge;
import io.dockmedic.rules.LiteralAtom.Kind;
import io.dockmedic.rules.LiteralAtom.Lit;
import io.dockmedic.rules.LiteralAtom.Repeat;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the text of one part of a {@link LiteralPattern} (a regular expression with no top-level gap)
 * into {@link LiteralAtom}s: texts (adjacent characters joined, folded under (?i)), groups of
 * alternatives, {@code ?}, small classes, {@code \\b}, {@code ^}/{@code $} and counted runs of a class;
 * null for anything else. Counts the atoms it made, so that the reader can bound a pattern's size.
 */
final class LiteralAtomParser {

    private final boolean ignoreCase;
    int atoms;

    LiteralAtomParser(boolean ignoreCase) {
        this.ignoreCase = ignoreCase;
    }

    /** The atoms of a sequence that may hold top-level alternatives; null when unsupported. */
    List<LiteralAtom> sequence(String re) {
        List<String> alts = splitTop(re);
        if (alts.size() > 1) {
            List<List<LiteralAtom>> seqs = new ArrayList<>();
            for (String alt : alts) {
                List<LiteralAtom> seq = concatenation(alt);
                if (seq == null) {
                    return null;
                }
                seqs.add(seq);
            }
            return List.of(new Alt(List.copyOf(seqs), false));
        }
        return concatenation(re);
    }

    /** An atom read from a pattern, and the index after it (before any {@code ?} that follows). */
    private record Read(LiteralAtom atom, int after) {
    }

    /** A concatenation (no top-level '|'), adjacent characters joined into one text. */
    private List<LiteralAtom> concatenation(String re) {
        List<LiteralAtom> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < re.length()) {
            Read read = atom(re, i);
            if (read == null) {
                return null;
            }
            LiteralAtom atom = read.atom();
            i = read.after();
            boolean optional = false;
            if (i < re.length() && re.charAt(i) == '?' && !(atom instanceof Repeat)) {
                optional = true;
                i++;
                if (i < re.length() && re.charAt(i) == '?') {
                    i++; // lazy: the same matches
                }
            } else if (i < re.length() && "*+{?".indexOf(re.charAt(i)) >= 0) {
                return null;
            }
            atoms++;
            if (atom instanceof Lit l && !optional) {
                text.append(l.text());
                continue;
            }
            if (text.length() > 0) {
                out.add(new Lit(text.toString()));
                text.setLength(0);
            }
            if (optional) {
                atom = atom instanceof Alt alt ? new Alt(alt.alternatives(), true) : new Alt(List.of(List.of(atom)), true);
            }
            out.add(atom);
        }
        if (text.length() > 0) {
            out.add(new Lit(text.toString()));
        }
        return out;
    }

    /** The atom at {@code i}, with a class's or an escape's count read; null when unsupported. */
    private Read atom(String re, int i) {
        char c = re.charAt(i);
        if (c == '\\') {
            return escape(re, i);
        }
        if (c == '[') {
            return bracket(re, i);
        }
        if (c == '(') {
            int close = matchingParen(re, i);
            String inner = re.substring(i + 1, close);
            if (inner.startsWith("?:")) {
                inner = inner.substring(2);
            } else if (inner.startsWith("?P<")) {
                inner = inner.substring(inner.indexOf('>') + 1);
            } else if (inner.startsWith("?")) {
                return null; // flags
            }
            List<LiteralAtom> seq = sequence(inner);
            return seq == null ? null : new Read(new Alt(List.of(seq), false), close + 1);
        }
        if (c == '^' || c == '$') {
            return new Read(new Anchor(c == '^'), i + 1);
        }
        if (".|*+?{}".indexOf(c) >= 0) {
            return null;
        }
        Lit l = lit(c);
        return l == null ? null : new Read(l, i + 1);
    }

    /** {@code \\b}, a counted class escape ({@code \\d{1,5}}) or escaped punctuation. */
    private Read escape(String re, int i) {
        if (i + 1 >= re.length()) {
            return null;
        }
        char n = re.charAt(i + 1);
        if (n == 'b') {
            return new Read(new Edge(), i + 2);
        }
        if (Kind.of(n) != null) {
            int[] count = new int[2];
            int after = count(re, i + 2, count);
            return after < 0 ? null : new Read(new Repeat(Kind.of(n), null, count[0], count[1]), after);
        }
        if (Character.isLetterOrDigit(n) || n >= 128) {
            return null;
        }
        Lit l = lit(n);
        return l == null ? null : new Read(l, i + 2);
    }

    /** A class: {@code [^\\n]} or a small set of characters, counted ({@code [ :=]*}) or once. */
    private Read bracket(String re, int i) {
        int after = skipClass(re, i);
        String body = re.substring(i + 1, after - 1);
        boolean notNewline = body.equals("^\\n");
        boolean repeated = after < re.length() && "*+{".indexOf(re.charAt(after)) >= 0;
        if (!notNewline && !repeated) {
            LiteralAtom set = classOf(body);
            return set == null ? null : new Read(set, after);
        }
        Alt set = notNewline ? null : (Alt) classOf(body);
        int[] count = new int[2];
        after = count(re, after, count);
        if (after < 0 || (set == null && !notNewline)) {
            return null;
        }
        if (set == null) {
            return new Read(new Repeat(Kind.NOT_NEWLINE, null, count[0], count[1]), after);
        }
        StringBuilder chars = new StringBuilder();
        set.alternatives().forEach(alt -> chars.append(((Lit) alt.get(0)).text()));
        return new Read(new Repeat(Kind.SET, chars.toString(), count[0], count[1]), after);
    }

    /**
     * Reads the quantifier after a class escape at {@code i} into {@code count} (min, max): none, {@code *},
     * {@code +}, {@code ?} or {@code {n,m}} (lazy or not); the index after it, or -1 for an unbounded count.
     */
    private static int count(String re, int i, int[] count) {
        count[0] = 1;
        count[1] = 1;
        if (i < re.length()) {
            char q = re.charAt(i);
            if (q == '*' || q == '+' || q == '?') {
                count[0] = q == '+' ? 1 : 0;
                count[1] = q == '?' ? 1 : Integer.MAX_VALUE;
                i++;
            } else if (q == '{') {
                int close = re.indexOf('}', i);
                String body = close < 0 ? "" : re.substring(i + 1, close);
                if (!body.matches("\\d{1,3}(,\\d{1,3})?")) {
                    return -1;
                }
                String[] nm = body.split(",", -1);
                count[0] = Integer.parseInt(nm[0]);
                count[1] = nm.length == 1 ? count[0] : Integer.parseInt(nm[1]);
                i = close + 1;
            }
            if (i < re.length() && re.charAt(i) == '?' && (q == '*' || q == '+' || q == '?' || q == '{')) {
                i++; // lazy: the same matches
            }
        }
        return i;
    }

    /** A one-character text, folded under (?i); null for a cased non-ASCII letter under (?i) or a line break. */
    private Lit lit(char c) {
        if (c == '\n') {
            return null;
        }
        if (ignoreCase) {
            if (c >= 128 && (Character.isLowerCase(c) || Character.isUpperCase(c) || Character.isTitleCase(c)
                    || Character.toLowerCase(c) != c || Character.toUpperCase(c) != c)) {
                return null; // its fold orbit is RE2's to decide
            }
            c = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        return new Lit(String.valueOf(c));
    }

    /** A class of literal characters ({@code [sz]}, {@code [:'"(, ]}) as alternatives; null for ranges, negation, class escapes. */
    private LiteralAtom classOf(String body) {
        if (body.isEmpty() || body.charAt(0) == '^' || body.contains("[:")) {
            return null;
        }
        List<List<LiteralAtom>> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\') {
                if (i + 1 >= body.length() || Character.isLetterOrDigit(body.charAt(i + 1))) {
                    return null;
                }
                c = body.charAt(++i);
            } else if (c == '-' && i > 0 && i < body.length() - 1) {
                return null;
            }
            Lit l = lit(c);
            if (l == null) {
                return null;
            }
            if (!seen.contains(l.text())) {
                seen.add(l.text());
                out.add(List.of(l));
            }
        }
        return out.size() <= 16 ? new Alt(List.copyOf(out), false) : null;
    }
}
