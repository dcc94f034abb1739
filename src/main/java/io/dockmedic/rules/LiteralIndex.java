package io.dockmedic.rules;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An Aho-Corasick automaton over the prefilter literals of every line pattern: one pass over a
 * line (lowercased character by character) finds every literal it contains, and a pattern is a
 * candidate when each of its clauses ({@link Prefilter#requiredClauses}) has a literal in the line.
 * The cost per line does not grow with the number of rules, and only candidates run their regular
 * expression. ASCII characters step through a full transition table (one array read per
 * character); others follow the trie's edges and failure links. Patterns without literals are
 * always candidates. Immutable after construction; {@link #candidates} is thread-safe given its
 * own {@link Scratch}.
 */
final class LiteralIndex {
    private final char[][] keys;                   // state -> sorted edge characters
    private final int[][] targets;                 // state -> edge targets, parallel to keys
    private final int[] fail;                      // state -> failure link
    private final byte[] asciiClass;               // raw ASCII char -> class: 0 for chars in no literal
    private final int classes;                     // number of classes
    private final int[] ascii;                     // row + class -> next row (row = state * classes), ~row when the
                                                   // state has outputs: no multiplication on the hot path
    private final int[][] outputs;                 // state -> clause slots whose literal ends here (incl. via failure links)
    private final int[] slotPattern;               // clause slot -> pattern index
    private final int[] clauseCount;               // pattern index -> number of clauses (0: always a candidate)
    private final int[] always;                    // patterns with no literal
    private final int patternCount;

    /** Per-scan working memory: marks of the current line. */
    static final class Scratch {
        private final int[] slotMark;
        private final int[] patternMark;
        private final int[] satisfied;
        private final int[] candidates;
        private char[] chars = new char[256];
        private int stamp;
        private int found;

        private Scratch(int slots, int patterns) {
            slotMark = new int[slots];
            patternMark = new int[patterns];
            satisfied = new int[patterns];
            candidates = new int[patterns];
        }

        /** How many candidates the last {@link #candidates} call found. */
        int found() {
            return found;
        }

        /** The candidate pattern indices found by the last {@link #candidates} call. */
        int candidate(int i) {
            return candidates[i];
        }
    }

    LiteralIndex(List<Condition.LinePattern> patterns) {
        this.patternCount = patterns.size();
        Map<String, List<Integer>> slotsByLiteral = new LinkedHashMap<>();
        List<Integer> alwaysList = new ArrayList<>();
        List<Integer> slotOwner = new ArrayList<>();
        clauseCount = new int[patternCount];
        for (Condition.LinePattern p : patterns) {
            if (p.clauses() == null || p.clauses().isEmpty()) {
                alwaysList.add(p.index());
                continue;
            }
            clauseCount[p.index()] = p.clauses().size();
            for (List<String> clause : p.clauses()) {
                int slot = slotOwner.size();
                slotOwner.add(p.index());
                for (String lit : clause) {
                    slotsByLiteral.computeIfAbsent(lit, k -> new ArrayList<>()).add(slot);
                }
            }
        }
        always = alwaysList.stream().mapToInt(Integer::intValue).toArray();
        slotPattern = slotOwner.stream().mapToInt(Integer::intValue).toArray();
        // trie with sparse edges
        List<TreeMap<Character, Integer>> edges = new ArrayList<>();
        List<List<Integer>> out = new ArrayList<>();
        edges.add(new TreeMap<>());
        out.add(new ArrayList<>());
        for (Map.Entry<String, List<Integer>> e : slotsByLiteral.entrySet()) {
            int s = 0;
            for (char c : e.getKey().toCharArray()) {
                Integer t = edges.get(s).get(c);
                if (t == null) {
                    t = edges.size();
                    edges.get(s).put(c, t);
                    edges.add(new TreeMap<>());
                    out.add(new ArrayList<>());
                }
                s = t;
            }
            out.get(s).addAll(e.getValue());
        }
        int n = edges.size();
        keys = new char[n][];
        targets = new int[n][];
        for (int s = 0; s < n; s++) {
            TreeMap<Character, Integer> m = edges.get(s);
            keys[s] = new char[m.size()];
            targets[s] = new int[m.size()];
            int i = 0;
            for (Map.Entry<Character, Integer> e : m.entrySet()) {
                keys[s][i] = e.getKey();
                targets[s][i++] = e.getValue();
            }
        }
        // failure links, breadth first (so a state's failure target is complete before the state)
        fail = new int[n];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int t : targets[0]) {
            queue.add(t);
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            out.get(s).addAll(out.get(fail[s]));
            for (int i = 0; i < keys[s].length; i++) {
                int t = targets[s][i];
                fail[t] = next(fail[s], keys[s][i]);
                queue.add(t);
            }
        }
        outputs = new int[n][];
        for (int s = 0; s < n; s++) {
            List<Integer> o = out.get(s);
            outputs[s] = o.isEmpty() ? null : o.stream().distinct().mapToInt(Integer::intValue).toArray();
        }
        // ASCII characters in the same class step alike: one row entry per class keeps the table small
        asciiClass = new byte[128];
        char[] representative = new char[128];
        int k = 1;
        for (char c = 0; c < 128; c++) {
            char lower = Character.toLowerCase(c);
            if (lower != c) {
                continue; // upper case: classed with its lower case below
            }
            if (slotsByLiteral.keySet().stream().anyMatch(l -> l.indexOf(lower) >= 0)) {
                representative[k] = lower;
                asciiClass[c] = (byte) k++;
            }
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            asciiClass[c] = asciiClass[Character.toLowerCase(c)];
        }
        classes = k;
        ascii = new int[n * classes];
        for (int s = 0; s < n; s++) {
            for (int cl = 0; cl < classes; cl++) {
                int t = cl == 0 ? 0 : next(s, representative[cl]); // a char in no literal leads back to the root
                ascii[s * classes + cl] = outputs[t] == null ? t * classes : ~(t * classes);
            }
        }
    }

    /** The automaton's transition from {@code s} on (already lowercased) {@code c}, following failure links. */
    private int next(int s, char c) {
        while (true) {
            int i = Arrays.binarySearch(keys[s], c);
            if (i >= 0) {
                return targets[s][i];
            }
            if (s == 0) {
                return 0;
            }
            s = fail[s];
        }
    }

    Scratch scratch() {
        return new Scratch(slotPattern.length, patternCount);
    }

    /**
     * Finds the patterns that may match {@code line}; returns how many, readable with
     * {@link Scratch#candidate(int)}.
     */
    int candidates(String line, Scratch w) {
        char[] chars = start(line, w);
        int row = 0;
        for (int i = 0, len = line.length(); i < len; i++) {
            char c = chars[i];
            if (c < 128) {
                row = ascii[row + asciiClass[c]];
                if (row < 0) {
                    row = emit(~row / classes, w);
                }
            } else {
                row = step(row, c, w);
            }
        }
        return w.found;
    }

    /**
     * {@link #candidates} of two lines at once: the automaton's steps on one line do not wait for
     * the other's, so the processor runs both chains of table reads side by side.
     */
    void candidates(String a, Scratch wa, String b, Scratch wb) {
        char[] ca = start(a, wa);
        char[] cb = start(b, wb);
        int common = Math.min(a.length(), b.length());
        int ra = 0;
        int rb = 0;
        int i = 0;
        for (; i < common; i++) {
            char x = ca[i];
            char y = cb[i];
            if ((x | y) < 128) {
                ra = ascii[ra + asciiClass[x]];
                rb = ascii[rb + asciiClass[y]];
                if ((ra | rb) >= 0) {
                    continue; // the common case: no literal ends here on either line
                }
                ra = ra < 0 ? emit(~ra / classes, wa) : ra;
                rb = rb < 0 ? emit(~rb / classes, wb) : rb;
            } else {
                ra = step(ra, x, wa);
                rb = step(rb, y, wb);
            }
        }
        for (int k = i; k < a.length(); k++) {
            ra = step(ra, ca[k], wa);
        }
        for (int k = i; k < b.length(); k++) {
            rb = step(rb, cb[k], wb);
        }
    }

    /** Starts a line: new stamp, the literal-free patterns as candidates, the line's chars in the scratch buffer. */
    private char[] start(String line, Scratch w) {
        w.stamp++;
        w.found = 0;
        for (int p : always) {
            w.candidates[w.found++] = p;
        }
        int len = line.length();
        if (w.chars.length < len) {
            w.chars = new char[Math.max(len, w.chars.length * 2)];
        }
        line.getChars(0, len, w.chars, 0); // one bulk copy: the loops then read an array
        return w.chars;
    }

    /** One character: the next row, with the outputs of the state reached handled. */
    private int step(int row, char c, Scratch w) {
        if (c < 128) {
            int next = ascii[row + asciiClass[c]];
            return next >= 0 ? next : emit(~next / classes, w);
        }
        int s = next(row / classes, Character.toLowerCase(c));
        return outputs[s] == null ? s * classes : emit(s, w);
    }

    /** Marks the clauses whose literal ends in state {@code s}; a pattern all of whose clauses are marked is a candidate. */
    private int emit(int s, Scratch w) {
        int stamp = w.stamp;
        for (int slot : outputs[s]) {
            if (w.slotMark[slot] == stamp) {
                continue;
            }
            w.slotMark[slot] = stamp;
            int p = slotPattern[slot];
            if (w.patternMark[p] != stamp) {
                w.patternMark[p] = stamp;
                w.satisfied[p] = 0;
            }
            if (++w.satisfied[p] == clauseCount[p]) {
                w.candidates[w.found++] = p;
            }
        }
        return s * classes;
    }

}
