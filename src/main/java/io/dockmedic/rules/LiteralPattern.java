package io.dockmedic.rules;

import static io.dockmedic.rules.RegexText.matchingParen;
import static io.dockmedic.rules.RegexText.skipClass;
import static io.dockmedic.rules.RegexText.splitTop;

import java.util.ArrayList;
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
    /** Most atoms in one pattern: a bound on the work per position. */
    static final int MAX_ATOMS = 512;

    /** A piece of a part. */
    sealed interface Atom permits Lit, Alt, Edge, Anchor, Repeat {
    }

    /** A text, already folded under (?i). */
    record Lit(String text) implements Atom {
    }

    /** Alternatives, each a sequence; {@code optional} when the group may match nothing ({@code ?}). */
    record Alt(List<List<Atom>> alternatives, boolean optional) implements Atom {
    }

    /** {@code \b}: an ASCII word boundary. */
    record Edge() implements Atom {
    }

    /** {@code ^} (start of the line) or {@code $} (its end). */
    record Anchor(boolean start) implements Atom {
    }

    /** RE2's character class escapes, as RE2 reads them (ASCII). */
    enum Kind {
        WORD, DIGIT, SPACE, NOT_SPACE, NOT_NEWLINE, SET;

        boolean has(char c) {
            return switch (this) {
                case SET -> throw new IllegalStateException("a set is read with its characters");
                case NOT_NEWLINE -> c != '\n';
                case WORD -> word(c);
                case DIGIT -> c >= '0' && c <= '9';
                case SPACE -> c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
                case NOT_SPACE -> !(c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r');
            };
        }

        static Kind of(char escape) {
            return switch (escape) {
                case 'w' -> WORD;
                case 'd' -> DIGIT;
                case 's' -> SPACE;
                case 'S' -> NOT_SPACE;
                default -> null;
            };
        }
    }

    /**
     * {@code \w*}, {@code \d+}, {@code \s}, {@code \d{1,5}}, {@code [^\n]{0,20}}, {@code [ :=]*}: from {@code min}
     * to {@code max} characters of a kind, or of {@code set} (folded under (?i)) when the kind is SET.
     */
    record Repeat(Kind kind, String set, int min, int max) implements Atom {
        boolean has(String line, String hay, int i) {
            return kind == Kind.SET ? set.indexOf(hay.charAt(i)) >= 0 : kind.has(line.charAt(i));
        }
    }

    /** A part: its atoms, and texts one of which every match starts with (null: any position may start one). */
    private record Part(List<Atom> atoms, List<String> firstTexts) {
    }

    private final boolean ignoreCase;
    private final List<List<Part>> branches;

    private LiteralPattern(boolean ignoreCase, List<List<Part>> branches) {
        this.ignoreCase = ignoreCase;
        this.branches = branches;
    }

    /** Whether the pattern is case-insensitive. */
    boolean ignoreCase() {
        return ignoreCase;
    }

    /** The branches, each a list of parts joined by gaps, each part its atoms (for tests that build lines from them). */
    List<List<List<Atom>>> branches() {
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
    private record Frame(List<Atom> seq, int k, Frame up) {
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
            Atom a = f.seq().get(f.k());
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
            for (List<Atom> seq : alt.alternatives()) {
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

    /** RE2's \w: ASCII letters, digits and the underscore. */
    private static boolean word(char c) {
        return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
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

    /** The literal form of a pattern, or null when it needs a regular expression. */
    static LiteralPattern of(String regex) {
        try {
            String re = regex;
            boolean ignoreCase = re.startsWith("(?i)");
            if (ignoreCase) {
                re = re.substring(4);
            }
            Parser parser = new Parser(ignoreCase);
            List<List<Part>> branches = new ArrayList<>();
            for (String branch : splitTop(re)) {
                List<Part> parts = new ArrayList<>();
                for (String text : splitGaps(branch)) {
                    List<Atom> atoms = text == null ? null : parser.sequence(text);
                    if (atoms == null || canBeEmpty(atoms)) {
                        return null; // a part that may match nothing: RE2 decides
                    }
                    List<String> first = new ArrayList<>();
                    List<String> starts = starts(atoms).texts();
                    if (starts.contains("")) {
                        starts = firstTexts(atoms, first) == Start.KNOWN ? first : null;
                    }
                    parts.add(new Part(List.copyOf(atoms), starts == null ? null : List.copyOf(starts)));
                }
                if (parts.size() > 1 && parts.stream().anyMatch(part -> matchesLineBreak(part.atoms()))) {
                    return null; // a part that may take a line break, between gaps that may not: RE2 decides
                }
                branches.add(List.copyOf(parts));
            }
            return parser.atoms > MAX_ATOMS ? null : new LiteralPattern(ignoreCase, List.copyOf(branches));
        } catch (RuntimeException e) {
            return null; // unusual syntax: RE2 decides
        }
    }

    /** A branch cut at its top-level gaps ({@code [^\n]*}, {@code .*}, lazy or not); a null part when one is empty. */
    private static List<String> splitGaps(String branch) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < branch.length()) {
            char c = branch.charAt(i);
            int gap = branch.startsWith("[^\\n]*", i) ? 6 : branch.startsWith(".*", i) ? 2 : 0;
            if (gap > 0) {
                parts.add(i > start ? branch.substring(start, i) : null);
                i += gap;
                if (i < branch.length() && branch.charAt(i) == '?') {
                    i++;
                }
                start = i;
            } else if (c == '\\') {
                i += 2;
            } else if (c == '[') {
                i = skipClass(branch, i);
            } else if (c == '(') {
                i = matchingParen(branch, i) + 1;
            } else {
                i++;
            }
        }
        parts.add(start < branch.length() ? branch.substring(start) : null);
        return parts;
    }

    /** Whether some atom can match a line break ({@code \\s}). */
    private static boolean matchesLineBreak(List<Atom> atoms) {
        for (Atom a : atoms) {
            if ((a instanceof Repeat r && r.kind() == Kind.SPACE)
                    || (a instanceof Alt alt && alt.alternatives().stream().anyMatch(LiteralPattern::matchesLineBreak))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the atoms can match the empty text. */
    private static boolean canBeEmpty(List<Atom> atoms) {
        for (Atom a : atoms) {
            if (a instanceof Lit || (a instanceof Repeat r && r.min() > 0)) {
                return false;
            }
            if (a instanceof Alt alt && !alt.optional() && alt.alternatives().stream().noneMatch(LiteralPattern::canBeEmpty)) {
                return false;
            }
        }
        return true;
    }

    /** Texts one of which every match of a sequence starts with; {@code complete} when they are its whole matches. */
    private record Starts(List<String> texts, boolean complete) {
    }

    /** Starts this long are selective enough to look for; past it the sequence is not read further. */
    private static final int LONG_START = 6;
    /** Most start texts: each is one indexOf per line. */
    private static final int MAX_STARTS = 32;

    /**
     * Texts every match of {@code seq} starts with, read through its leading texts and groups of texts
     * ({@code [:'"(, ](?:6379|6380)} starts with one of 12 texts such as ":6379", far rarer than ":"):
     * a start of "" when nothing is known.
     */
    private static Starts starts(List<Atom> seq) {
        List<String> acc = List.of("");
        for (Atom a : seq) {
            if (acc.stream().allMatch(t -> t.length() >= LONG_START)) {
                return new Starts(acc, false);
            }
            if (a instanceof Edge || a instanceof Anchor) {
                if (acc.equals(List.of(""))) {
                    continue; // takes no character: the match starts after it
                }
                return new Starts(acc, false);
            }
            if (a instanceof Lit l) {
                acc = acc.stream().map(t -> t + l.text()).toList();
                continue;
            }
            if (!(a instanceof Alt alt) || alt.optional()) {
                return new Starts(acc, false);
            }
            List<String> options = new ArrayList<>();
            boolean complete = true;
            for (List<Atom> alternative : alt.alternatives()) {
                Starts sub = starts(alternative);
                if (sub.texts().contains("")) {
                    return new Starts(acc, false);
                }
                sub.texts().stream().filter(t -> !options.contains(t)).forEach(options::add);
                complete &= sub.complete();
            }
            if ((long) acc.size() * options.size() > MAX_STARTS) {
                return new Starts(acc, false);
            }
            List<String> next = new ArrayList<>();
            for (String t : acc) {
                for (String o : options) {
                    if (!next.contains(t + o)) {
                        next.add(t + o);
                    }
                }
            }
            acc = next;
            if (!complete) {
                return new Starts(acc, false);
            }
        }
        return new Starts(acc, true);
    }

    private enum Start { ANY, EMPTY, KNOWN }

    /**
     * Adds to {@code first} texts one of which a match of {@code seq} starts with: KNOWN when that is
     * all, EMPTY when the sequence may also match nothing, ANY when it may start with any character.
     */
    private static Start firstTexts(List<Atom> seq, List<String> first) {
        for (Atom a : seq) {
            if (a instanceof Lit l) {
                if (!first.contains(l.text())) {
                    first.add(l.text());
                }
                return Start.KNOWN;
            }
            if (a instanceof Repeat) {
                return Start.ANY; // a match may start with any character of its kind
            }
            if (a instanceof Alt alt) {
                boolean empty = alt.optional();
                for (List<Atom> alternative : alt.alternatives()) {
                    Start s = firstTexts(alternative, first);
                    if (s == Start.ANY) {
                        return Start.ANY;
                    }
                    empty |= s == Start.EMPTY;
                }
                if (!empty) {
                    return Start.KNOWN;
                }
            }
            // an edge takes no character: look further
        }
        return Start.EMPTY;
    }

    /** Reads a part into atoms. */
    private static final class Parser {
        private final boolean ignoreCase;
        int atoms;

        Parser(boolean ignoreCase) {
            this.ignoreCase = ignoreCase;
        }

        /** The atoms of a sequence that may hold top-level alternatives; null when unsupported. */
        List<Atom> sequence(String re) {
            List<String> alts = splitTop(re);
            if (alts.size() > 1) {
                List<List<Atom>> seqs = new ArrayList<>();
                for (String alt : alts) {
                    List<Atom> seq = concatenation(alt);
                    if (seq == null) {
                        return null;
                    }
                    seqs.add(seq);
                }
                return List.of(new Alt(List.copyOf(seqs), false));
            }
            return concatenation(re);
        }

        /** A concatenation (no top-level '|'), adjacent characters joined into one text. */
        private List<Atom> concatenation(String re) {
            List<Atom> out = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            int i = 0;
            while (i < re.length()) {
                char c = re.charAt(i);
                Atom atom;
                int after;
                if (c == '\\') {
                    if (i + 1 >= re.length()) {
                        return null;
                    }
                    char n = re.charAt(i + 1);
                    after = i + 2;
                    if (n == 'b') {
                        atom = new Edge();
                    } else if (Kind.of(n) != null) {
                        int[] count = new int[2];
                        after = count(re, after, count);
                        if (after < 0) {
                            return null;
                        }
                        atom = new Repeat(Kind.of(n), null, count[0], count[1]);
                    } else if (Character.isLetterOrDigit(n) || n >= 128) {
                        return null;
                    } else {
                        atom = lit(n);
                    }
                } else if (c == '[') {
                    after = skipClass(re, i);
                    String body = re.substring(i + 1, after - 1);
                    boolean repeated = after < re.length() && "*+{".indexOf(re.charAt(after)) >= 0;
                    if (body.equals("^\\n") || repeated) {
                        Alt set = body.equals("^\\n") ? null : (Alt) classOf(body);
                        int[] count = new int[2];
                        after = count(re, after, count);
                        if (after < 0 || (set == null && !body.equals("^\\n"))) {
                            return null;
                        }
                        StringBuilder chars = new StringBuilder();
                        if (set != null) {
                            set.alternatives().forEach(alt -> chars.append(((Lit) alt.get(0)).text()));
                        }
                        atom = set == null ? new Repeat(Kind.NOT_NEWLINE, null, count[0], count[1])
                                : new Repeat(Kind.SET, chars.toString(), count[0], count[1]);
                    } else {
                        atom = classOf(body);
                    }
                } else if (c == '(') {
                    int close = matchingParen(re, i);
                    String inner = re.substring(i + 1, close);
                    if (inner.startsWith("?:")) {
                        inner = inner.substring(2);
                    } else if (inner.startsWith("?P<")) {
                        inner = inner.substring(inner.indexOf('>') + 1);
                    } else if (inner.startsWith("?")) {
                        return null; // flags
                    }
                    List<Atom> seq = sequence(inner);
                    atom = seq == null ? null : new Alt(List.of(seq), false);
                    after = close + 1;
                } else if (c == '^' || c == '$') {
                    atom = new Anchor(c == '^');
                    after = i + 1;
                } else if (".|*+?{}".indexOf(c) >= 0) {
                    return null;
                } else {
                    atom = lit(c);
                    after = i + 1;
                }
                if (atom == null) {
                    return null;
                }
                i = after;
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
        private Atom classOf(String body) {
            if (body.isEmpty() || body.charAt(0) == '^' || body.contains("[:")) {
                return null;
            }
            List<List<Atom>> out = new ArrayList<>();
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

    @Override
    public String toString() {
        return (ignoreCase ? "(?i)" : "") + branches;
    }
}
