package io.dockmedic.rules;

import io.dockmedic.rules.LiteralAtom.Alt;
import io.dockmedic.rules.LiteralAtom.Anchor;
import io.dockmedic.rules.LiteralAtom.Edge;
import io.dockmedic.rules.LiteralAtom.Lit;
import io.dockmedic.rules.LiteralAtom.Repeat;
import java.util.List;

/**
 * A pattern decided by comparing its texts with the line, with no regular expression run:
 * branches ({@code |}) of parts joined by gaps ({@code [^\n]*} or {@code .*}), each part made of
 * texts, groups of alternatives, {@code ?} after any of them, small classes of literal characters,
 * {@code \b} and {@code \w*}, optionally under {@code (?i)}.
 * {@code (?i)\b(?:redis|keydb)\b[^\n]*(?:connection refused|timed? ?out)} is "redis" or "keydb"
 * as a whole word, then later on the same line one of four texts. Anything else ({@code \d},
 * {@code \s}, {@code +}, anchors, counted gaps, flags inside) leaves the pattern to RE2.
 *
 * <p>Why by hand: the widened rules are long alternations joined by {@code [^\n]*}. RE2/J has no
 * DFA; its NFA and backtracker pay for every instruction at every character, 50-300 us for one
 * matching line of 150-500 chars, while trying the part's texts at the positions whose character
 * can start one decides the same question in a few microseconds. A line matches a branch exactly
 * when, within one stretch between line breaks, each part matches starting no earlier than where
 * the previous part's earliest-ending match ended: the earliest end never loses a match of the rest.
 * {@code PrefilterTest} checks the answers against RE2 on every built-in pattern, with corpus lines
 * and with lines made from the patterns' own texts.
 *
 * <p>Case-insensitive matching folds the line as RE2's {@code (?i)} does towards ASCII (letters,
 * the Kelvin sign, the long s); a pattern text with a cased non-ASCII letter is left to RE2. Word
 * boundaries are ASCII, as RE2's {@code \b}, and are read on the line itself.
 */
final class LiteralPattern {
    /** A part: its atoms, and texts one of which every match starts with (null: any position may start one). */
    record Part(List<LiteralAtom> atoms, List<String> firstTexts) {
    }

    private final boolean ignoreCase;
    private final List<List<Part>> branches;

    LiteralPattern(boolean ignoreCase, List<List<Part>> branches) {
        this.ignoreCase = ignoreCase;
        this.branches = branches;
    }

    /** Whether the pattern is case-insensitive. */
    boolean ignoreCase() {
        return ignoreCase;
    }

    /** The branches, each a list of parts joined by gaps, each part its atoms (for tests that build lines from them). */
    List<List<List<LiteralAtom>>> branches() {
        return branches.stream().map(parts -> parts.stream().map(Part::atoms).toList()).toList();
    }

    /**
     * Whether the pattern matches {@code line}; null when deciding it would take more than a budget
     * linear in the line (a crafted line that repeats a text inside one long word makes {@code \w*}
     * quadratic), and RE2, linear whatever the line, decides.
     */
    Boolean decide(String line) {
        try {
            return in(line, new int[] {16 * line.length() + 4096});
        } catch (OverBudget e) {
            return null;
        } catch (RuntimeException e) {
            return null; // never expected (LiteralPatternTest): a line this class cannot read is RE2's to decide
        }
    }

    /** Thrown when a line takes more steps than its budget; no stack trace, it is not an error. */
    private static final class OverBudget extends RuntimeException {
        private static final OverBudget INSTANCE = new OverBudget();

        private OverBudget() {
            super(null, null, false, false);
        }
    }

    private boolean in(String line, int[] budget) {
        String hay = ignoreCase ? fold(line) : line;
        for (List<Part> parts : branches) {
            if (parts.size() == 1) {
                if (new Run(line, hay, 0, line.length(), budget).earliestEnd(parts.get(0), 0) >= 0) {
                    return true;
                }
                continue;
            }
            // a gap does not cross a line break, and no part of a branch with gaps can match one (see of):
            // each stretch between line breaks is matched on its own, as its own string, so that no search
            // runs past its end (a crafted message of many short lines would make that quadratic)
            int nl = hay.indexOf('\n');
            if (nl < 0) {
                if (allInOrder(new Run(line, hay, 0, line.length(), budget), parts)) {
                    return true;
                }
                continue;
            }
            for (int start = 0; start <= hay.length(); ) {
                int end = nl < 0 ? hay.length() : nl;
                Run run = new Run(line.substring(start, end), hay.substring(start, end), start, line.length(), budget);
                if (allInOrder(run, parts)) {
                    return true;
                }
                start = end + 1;
                nl = hay.indexOf('\n', start);
            }
        }
        return false;
    }

    private static boolean allInOrder(Run run, List<Part> parts) {
        int at = 0;
        for (Part part : parts) {
            at = run.earliestEnd(part, at);
            if (at < 0) {
                return false;
            }
        }
        return true;
    }

    /** Continuation: what is left to match after the current sequence. */
    private record Frame(List<LiteralAtom> seq, int k, Frame up) {
    }

    /** Matching within one stretch of a line (the whole line, or one stretch between its line breaks). */
    private static final class Run {
        private final String line;
        private final String hay;
        private final int to;
        private final int offset;                  // where the stretch starts in the whole line
        private final int lineLength;              // the whole line's length, for $
        private final int[] budget;

        Run(String line, String hay, int offset, int lineLength, int[] budget) {
            this.line = line;
            this.hay = hay;
            this.to = line.length();
            this.offset = offset;
            this.lineLength = lineLength;
            this.budget = budget;
        }

        /** The earliest end of a match of {@code part} starting at or after {@code from}, or -1. */
        int earliestEnd(Part part, int from) {
            int best = -1;
            Frame start = new Frame(part.atoms(), 0, null);
            if (part.firstTexts() == null) {
                for (int p = from; p <= to && (best < 0 || p < best); p++) {
                    int end = run(start, p);
                    if (end >= 0 && (best < 0 || end < best)) {
                        best = end;
                    }
                }
                return best;
            }
            for (String first : part.firstTexts()) { // a match starts where one of them occurs
                for (int p = hay.indexOf(first, from); p >= 0 && p + first.length() <= to && (best < 0 || p < best);
                     p = hay.indexOf(first, p + 1)) {
                    if (--budget[0] < 0) {
                        throw OverBudget.INSTANCE;
                    }
                    int end = run(start, p);
                    if (end >= 0 && (best < 0 || end < best)) {
                        best = end;
                    }
                }
            }
            return best;
        }

        /** The earliest end of matching what {@code f} holds from {@code pos}, or -1. */
        private int run(Frame f, int pos) {
            if (--budget[0] < 0) {
                throw OverBudget.INSTANCE;
            }
            while (f != null && f.k() == f.seq().size()) {
                f = f.up();
            }
            if (f == null) {
                return pos;
            }
            LiteralAtom a = f.seq().get(f.k());
            Frame next = new Frame(f.seq(), f.k() + 1, f.up());
            if (a instanceof Lit l) {
                String s = l.text();
                return pos + s.length() <= to && hay.startsWith(s, pos) ? run(next, pos + s.length()) : -1;
            }
            if (a instanceof Edge) {
                return boundary(pos) ? run(next, pos) : -1;
            }
            if (a instanceof Anchor an) {
                return (an.start() ? offset + pos == 0 : offset + pos == lineLength) ? run(next, pos) : -1;
            }
            if (a instanceof Repeat r) {
                int best = -1;
                for (int q = pos, n = 0; ; q++, n++) {
                    if (n >= r.min()) {
                        int end = run(next, q);
                        if (end >= 0 && (best < 0 || end < best)) {
                            best = end;
                        }
                    }
                    if (n >= r.max() || q >= to || !r.has(line, hay, q)) {
                        return best;
                    }
                }
            }
            Alt alt = (Alt) a;
            int best = alt.optional() ? run(next, pos) : -1;
            for (List<LiteralAtom> seq : alt.alternatives()) {
                int end = run(new Frame(seq, 0, next), pos);
                if (end >= 0 && (best < 0 || end < best)) {
                    best = end;
                }
            }
            return best;
        }

        private boolean boundary(int i) {
            boolean before = i > 0 && word(line.charAt(i - 1));
            boolean after = i < line.length() && word(line.charAt(i));
            return before != after;
        }
    }

    private static boolean word(char c) {
        return LiteralAtom.isWord(c);
    }

    /** The literal form of a pattern, or null when it needs a regular expression ({@link LiteralPatternReader}). */
    static LiteralPattern of(String regex) {
        return LiteralPatternReader.read(regex);
    }

    /** Folds as RE2's (?i) does towards ASCII: letters to lower case, the Kelvin sign to k, the long s to s. */
    static String fold(String s) {
        char[] out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char f = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c == '\u212A' ? 'k' : c == '\u017F' ? 's' : c;
            if (f != c) {
                if (out == null) {
                    out = s.toCharArray();
                }
                out[i] = f;
            }
        }
        return out == null ? s : new String(out);
    }

    @Override
    public String toString() {
        return (ignoreCase ? "(?i)" : "") + branches;
    }
}
