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
 * Reads a regular expression into a {@link LiteralPattern} when its shape allows one: its branches,
 * each cut at its gaps into parts ({@link LiteralAtomParser} reads each part), and for each part the
 * texts its matches start with, which the matcher looks for first. Null when any piece needs RE2.
 */
final class LiteralPatternReader {
    /** Most atoms in one pattern: a bound on the work per position. */
    static final int MAX_ATOMS = 512;

    private LiteralPatternReader() {
    }

    /** The literal form of a pattern, or null when it needs a regular expression. */
    static LiteralPattern read(String regex) {
        try {
            String re = regex;
            boolean ignoreCase = re.startsWith("(?i)");
            if (ignoreCase) {
                re = re.substring(4);
            }
            LiteralAtomParser parser = new LiteralAtomParser(ignoreCase);
            List<List<LiteralPattern.Part>> branches = new ArrayList<>();
            for (String branch : splitTop(re)) {
                List<LiteralPattern.Part> parts = new ArrayList<>();
                for (String text : splitGaps(branch)) {
                    List<LiteralAtom> atoms = text == null ? null : parser.sequence(text);
                    if (atoms == null || canBeEmpty(atoms)) {
                        return null; // a part that may match nothing: RE2 decides
                    }
                    List<String> first = new ArrayList<>();
                    List<String> starts = starts(atoms).texts();
                    if (starts.contains("")) {
                        starts = firstTexts(atoms, first) == Start.KNOWN ? first : null;
                    }
                    parts.add(new LiteralPattern.Part(List.copyOf(atoms), starts == null ? null : List.copyOf(starts)));
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
    private static boolean matchesLineBreak(List<LiteralAtom> atoms) {
        for (LiteralAtom a : atoms) {
            if ((a instanceof Repeat r && r.kind() == Kind.SPACE)
                    || (a instanceof Alt alt && alt.alternatives().stream().anyMatch(LiteralPatternReader::matchesLineBreak))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the atoms can match the empty text. */
    private static boolean canBeEmpty(List<LiteralAtom> atoms) {
        for (LiteralAtom a : atoms) {
            if (a instanceof Lit || (a instanceof Repeat r && r.min() > 0)) {
                return false;
            }
            if (a instanceof Alt alt && !alt.optional() && alt.alternatives().stream().noneMatch(LiteralPatternReader::canBeEmpty)) {
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
    private static Starts starts(List<LiteralAtom> seq) {
        List<String> acc = List.of("");
        for (LiteralAtom a : seq) {
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
            for (List<LiteralAtom> alternative : alt.alternatives()) {
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
    private static Start firstTexts(List<LiteralAtom> seq, List<String> first) {
        for (LiteralAtom a : seq) {
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
                for (List<LiteralAtom> alternative : alt.alternatives()) {
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
}
