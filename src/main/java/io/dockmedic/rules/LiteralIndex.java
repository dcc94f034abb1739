package io.dockmedic.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An Aho-Corasick automaton over the prefilter literals of every line pattern: one pass over a
 * line (lowercased character by character) finds every literal it contains, and a pattern is a
 * candidate when each of its clauses ({@link Prefilter#requiredClauses}) has a literal in the line.
 * The cost per line does not grow with the number of rules, and only candidates run their regular
 * expression. ASCII characters step through a transition table of 16-bit state numbers (one array
 * read, a shift and an add per character); others, and states deeper than {@value #TABLE_DEPTH}
 * characters (no row in the table), follow the trie's edges (one packed array) and failure links.
 * States are numbered breadth first, so the few states a scan spends nearly all its time in share
 * a small, cache-resident part of the table, and the states where a literal ends come last, so
 * one comparison tells whether to look at outputs. The loop over the characters only notes each
 * such state once per line (a mark and a list entry); the clauses and patterns behind the states
 * are counted after the line, outside it: short literals that half of all lines contain ({@code " ["},
 * {@code "get"}) made per-literal bookkeeping inside the loop ~40% of the scan's time. Patterns without literals, and those whose
 * literals would take the automaton beyond {@value #MAX_STATES} states, are always candidates.
 * Immutable after construction; {@link #candidates} is thread-safe given its own {@link Scratch}.
 */
final class LiteralIndex {
    /** Most states: a state number must fit the table's 16-bit entries. */
    static final int MAX_STATES = 1 << 16;
    /**
     * States at most this many characters deep have a row in the table; deeper ones (the tails of long
     * literals, half of the built-ins' 25,500 states, which a line reaches only when it holds 16 characters
     * of a literal) step through the edges. Their rows were 1.5 MiB of heap.
     */
    static final int TABLE_DEPTH = 16;

    private final int[] edgeStart;                 // state -> its first edge in edgeKeys/edgeTargets (state + 1: the end)
    private final char[] edgeKeys;                 // every state's edge characters, each state's sorted
    private final int[] edgeTargets;               // edge targets, parallel to edgeKeys
    private final int[] fail;                      // state -> failure link
    private final byte[] asciiClass;               // raw ASCII char -> class: 0 for chars in no literal
    private final int shift;                       // a state's row starts at state << shift (a row holds every class)
    private final char[] table;                    // (state << shift) + class -> next state, for states before firstDeep
    private final int firstOutput;                 // states from here on have outputs, those before none
    private final int firstDeep;                   // states from here on are deeper than the table's rows go
    private final int endOutput;                   // states from here on have no outputs again (deep ones)
    private final int[] outputStart;               // state - firstOutput -> start of its clause slots in outputSlots
    private final int[] outputSlots;               // clause slots whose literal ends in each state (incl. via failure links)
    private final int[] slotPattern;               // clause slot -> pattern index
    private final int[] clauseCount;               // pattern index -> number of clauses (0: always a candidate)
    private final int[] always;                    // patterns with no literal
    private final int patternCount;

    /** Per-scan working memory: marks of the current line. */
    static final class Scratch {
        private final int[] stateMark;             // state - firstOutput -> stamp of the last line that reached it
        private final int[] reached;               // output states the current line reached, each once
        private int reachedCount;
        private final int[] slotMark;
        private final int[] patternMark;
        private final int[] satisfied;
        private final int[] candidates;
        private char[] chars = new char[256];
        private int stamp;
        private int found;

        private Scratch(int outputStates, int slots, int patterns) {
            stateMark = new int[outputStates];
            reached = new int[outputStates];
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

        /** How many distinct states where a literal ends the last {@link #candidates} call noted (each once per line). */
        int reached() {
            return reachedCount;
        }
    }

    LiteralIndex(List<Condition.LinePattern> patterns) {
        this(patterns, MAX_STATES, TABLE_DEPTH);
    }

    /** An index whose automaton has at most {@code maxStates} states (tests use a small limit). */
    LiteralIndex(List<Condition.LinePattern> patterns, int maxStates) {
        this(patterns, maxStates, TABLE_DEPTH);
    }

    /**
     * An index whose automaton has at most {@code maxStates} states, and table rows for the states at most
     * {@code tableDepth} characters deep (tests vary both).
     */
    LiteralIndex(List<Condition.LinePattern> patterns, int maxStates, int tableDepth) {
        this.patternCount = patterns.size();
        Slots slots = Slots.assign(patterns, maxStates);
        always = slots.always;
        slotPattern = slots.slotPattern;
        clauseCount = slots.clauseCount;
        Trie trie = Trie.of(slots.byLiteral);
        int[] breadthFirst = trie.linkFailures();
        // renumber breadth first in four groups: shallow states without outputs, shallow with, deep with,
        // deep without (deep: more than tableDepth characters, no table row)
        int n = trie.size();
        int[] renumber = new int[n];
        int[] bounds = new int[4];
        int next = 0;
        for (int group = 0; group < 4; group++) {
            bounds[group] = next;
            for (int st : breadthFirst) {
                boolean deep = trie.depth[st] > tableDepth;
                boolean out = !trie.out.get(st).isEmpty();
                if ((deep ? (out ? 2 : 3) : (out ? 1 : 0)) == group) {
                    renumber[st] = next++;
                }
            }
        }
        firstOutput = bounds[1];
        firstDeep = bounds[2];
        endOutput = bounds[3];
        int[] old = new int[n];
        for (int st = 0; st < n; st++) {
            old[renumber[st]] = st;
        }
        // the edges as one packed array (a few arrays per state cost their headers: ~1 MiB for the built-ins)
        edgeStart = new int[n + 1];
        for (int r = 0; r < n; r++) {
            edgeStart[r + 1] = edgeStart[r] + trie.keys[old[r]].length;
        }
        edgeKeys = new char[edgeStart[n]];
        edgeTargets = new int[edgeStart[n]];
        fail = new int[n];
        for (int r = 0; r < n; r++) {
            int st = old[r];
            System.arraycopy(trie.keys[st], 0, edgeKeys, edgeStart[r], trie.keys[st].length);
            for (int i = 0; i < trie.targets[st].length; i++) {
                edgeTargets[edgeStart[r] + i] = renumber[trie.targets[st][i]];
            }
            fail[r] = renumber[trie.fail[st]];
        }
        int[][] outputs = new int[endOutput - firstOutput][];
        outputStart = new int[outputs.length + 1];
        for (int k = 0; k < outputs.length; k++) {
            outputs[k] = trie.out.get(old[firstOutput + k]).stream().distinct().mapToInt(Integer::intValue).toArray();
            outputStart[k + 1] = outputStart[k] + outputs[k].length;
        }
        outputSlots = Arrays.stream(outputs).flatMapToInt(Arrays::stream).toArray();
        // ASCII characters in the same class step alike: one row entry per class keeps the table small
        asciiClass = new byte[128];
        char[] representative = classify(slots.byLiteral.keySet(), asciiClass);
        int classes = representative.length;
        shift = 32 - Integer.numberOfLeadingZeros(classes - 1);
        table = new char[firstDeep << shift];
        // breadth first, a state's failure link (a shallower state) has its row filled already: an
        // edge the state lacks steps as its failure link steps, one read instead of a walk
        for (int st : breadthFirst) {
            int r = renumber[st];
            if (r >= firstDeep) {
                continue;
            }
            int row = r << shift;
            int failRow = fail[r] << shift;
            for (int cl = 1; cl < classes; cl++) { // class 0, a char in no literal, leads back to the root
                int i = Arrays.binarySearch(edgeKeys, edgeStart[r], edgeStart[r + 1], representative[cl]);
                table[row + cl] = i >= 0 ? (char) edgeTargets[i] : r == 0 ? 0 : table[failRow + cl];
            }
        }
    }

    /**
     * Which clause slots each literal satisfies: a slot per clause of every pattern that has
     * literals and fits in the automaton; the others are always candidates.
     */
    private static final class Slots {
        final Map<String, List<Integer>> byLiteral = new LinkedHashMap<>();
        final int[] clauseCount;                   // pattern index -> clauses (0: always a candidate)
        int[] always;
        int[] slotPattern;

        private Slots(int patternCount) {
            clauseCount = new int[patternCount];
        }

        static Slots assign(List<Condition.LinePattern> patterns, int maxStates) {
            Slots s = new Slots(patterns.size());
            Set<String> prefixes = new HashSet<>(); // one per trie state but the root
            List<Integer> alwaysList = new ArrayList<>();
            List<Integer> slotOwner = new ArrayList<>();
            for (Condition.LinePattern p : patterns) {
                List<List<String>> clauses = p.clauses();
                if (clauses == null || clauses.isEmpty() || !fits(clauses, prefixes, maxStates)) {
                    alwaysList.add(p.index());
                    continue;
                }
                s.clauseCount[p.index()] = clauses.size();
                for (List<String> clause : clauses) {
                    int slot = slotOwner.size();
                    slotOwner.add(p.index());
                    for (String lit : clause) {
                        s.byLiteral.computeIfAbsent(lit, k -> new ArrayList<>()).add(slot);
                    }
                }
            }
            s.always = alwaysList.stream().mapToInt(Integer::intValue).toArray();
            s.slotPattern = slotOwner.stream().mapToInt(Integer::intValue).toArray();
            return s;
        }
    }

    /** The trie of the literals with sparse, sorted edges, in insertion numbering, and its failure links. */
    private static final class Trie {
        final char[][] keys;
        final int[][] targets;
        final List<List<Integer>> out;             // state -> slots, completed along failure links by linkFailures
        final int[] fail;
        final int[] depth;                         // state -> characters from the root, set by linkFailures

        private Trie(char[][] keys, int[][] targets, List<List<Integer>> out) {
            this.keys = keys;
            this.targets = targets;
            this.out = out;
            this.fail = new int[keys.length];
            this.depth = new int[keys.length];
        }

        int size() {
            return keys.length;
        }

        static Trie of(Map<String, List<Integer>> slotsByLiteral) {
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
            char[][] keys = new char[n][];
            int[][] targets = new int[n][];
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
            return new Trie(keys, targets, out);
        }

        /**
         * Sets the failure links breadth first (so a state's failure target is complete before the
         * state) and adds the outputs reached through them; returns the breadth-first order.
         */
        int[] linkFailures() {
            List<Integer> breadthFirst = new ArrayList<>(List.of(0));
            for (int k = 0; k < breadthFirst.size(); k++) {
                int s = breadthFirst.get(k);
                if (s != 0) {
                    out.get(s).addAll(out.get(fail[s]));
                }
                for (int i = 0; i < keys[s].length; i++) {
                    int t = targets[s][i];
                    fail[t] = s == 0 ? 0 : next(keys, targets, fail, fail[s], keys[s][i]);
                    depth[t] = depth[s] + 1;
                    breadthFirst.add(t);
                }
            }
            return breadthFirst.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /**
     * Fills {@code asciiClass} (raw ASCII char to class; upper case with its lower case; 0 for a
     * char in no literal) and returns each class's representative character, class 0 included.
     */
    private static char[] classify(Set<String> literals, byte[] asciiClass) {
        char[] representative = new char[128];
        int k = 1;
        for (char c = 0; c < 128; c++) {
            char lower = Character.toLowerCase(c);
            if (lower != c) {
                continue; // upper case: classed with its lower case below
            }
            if (literals.stream().anyMatch(l -> l.indexOf(lower) >= 0)) {
                representative[k] = lower;
                asciiClass[c] = (byte) k++;
            }
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            asciiClass[c] = asciiClass[Character.toLowerCase(c)];
        }
        return Arrays.copyOf(representative, k);
    }

    /**
     * Whether the literals of {@code clauses} fit in the automaton with those already in it (one
     * state per distinct prefix, plus the root); if so, adds their prefixes.
     */
    private static boolean fits(List<List<String>> clauses, Set<String> prefixes, int maxStates) {
        Set<String> added = new HashSet<>();
        for (List<String> clause : clauses) {
            for (String lit : clause) {
                for (int i = 1; i <= lit.length(); i++) {
                    String prefix = lit.substring(0, i);
                    if (!prefixes.contains(prefix)) {
                        added.add(prefix);
                    }
                }
            }
        }
        if (prefixes.size() + added.size() + 1 > maxStates) {
            return false;
        }
        prefixes.addAll(added);
        return true;
    }

    /** The automaton's transition from {@code s} on (already lowercased) {@code c}, following failure links. */
    private int next(int s, char c) {
        while (true) {
            int i = Arrays.binarySearch(edgeKeys, edgeStart[s], edgeStart[s + 1], c);
            if (i >= 0) {
                return edgeTargets[i];
            }
            if (s == 0) {
                return 0;
            }
            s = fail[s];
        }
    }

    private static int next(char[][] keys, int[][] targets, int[] fail, int s, char c) {
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
        return new Scratch(outputStart.length - 1, slotPattern.length, patternCount);
    }

    /**
     * Finds the patterns that may match {@code line}; returns how many, readable with
     * {@link Scratch#candidate(int)}.
     */
    int candidates(String line, Scratch w) {
        return candidates(line, 0, w);
    }

    /** {@link #candidates(String, Scratch)} of {@code line.substring(from)}, read in place. */
    int candidates(String line, int from, Scratch w) {
        char[] chars = start(line, from, w);
        int s = 0;
        for (int i = 0, len = line.length() - from; i < len; i++) {
            s = step(s, chars[i], w);
        }
        settle(w);
        return w.found;
    }

    /**
     * {@link #candidates(String, int, Scratch)} of two lines at once: the automaton's steps on one line do
     * not wait for the other's, so the processor runs both chains of table reads side by side.
     */
    void candidates(String a, int fromA, Scratch wa, String b, int fromB, Scratch wb) {
        char[] ca = start(a, fromA, wa);
        char[] cb = start(b, fromB, wb);
        int lenA = a.length() - fromA;
        int lenB = b.length() - fromB;
        int common = Math.min(lenA, lenB);
        int sa = 0;
        int sb = 0;
        int i = 0;
        for (; i < common; i++) {
            char x = ca[i];
            char y = cb[i];
            if ((x | y) < 128) {
                sa = table[(sa << shift) + asciiClass[x]];
                sb = table[(sb << shift) + asciiClass[y]];
                if (Math.max(sa, sb) < firstOutput) {
                    continue; // the common case: no literal ends here on either line
                }
                if (sa >= firstOutput && sa < endOutput) {
                    reach(sa, wa);
                }
                if (sb >= firstOutput && sb < endOutput) {
                    reach(sb, wb);
                }
            } else {
                sa = step(sa, x, wa);
                sb = step(sb, y, wb);
            }
            if (Math.max(sa, sb) >= firstDeep) {
                i++; // a deep state has no table row: both lines go on one at a time
                break;
            }
        }
        for (int k = i; k < lenA; k++) {
            sa = step(sa, ca[k], wa);
        }
        for (int k = i; k < lenB; k++) {
            sb = step(sb, cb[k], wb);
        }
        settle(wa);
        settle(wb);
    }

    /**
     * Starts a line: new stamp, the literal-free patterns as candidates, the chars of {@code line} from
     * {@code from} at the start of the scratch buffer.
     */
    private char[] start(String line, int from, Scratch w) {
        w.stamp++;
        w.found = 0;
        w.reachedCount = 0;
        for (int p : always) {
            w.candidates[w.found++] = p;
        }
        int len = line.length() - from;
        if (w.chars.length < len) {
            w.chars = new char[Math.max(len, w.chars.length * 2)];
        }
        line.getChars(from, line.length(), w.chars, 0); // one bulk copy: the loops then read an array
        return w.chars;
    }

    /** One character: the next state, with the outputs of the state reached handled. */
    private int step(int s, char c, Scratch w) {
        int t = c < 128 && s < firstDeep ? table[(s << shift) + asciiClass[c]] : next(s, Character.toLowerCase(c));
        if (t >= firstOutput && t < endOutput) {
            reach(t, w);
        }
        return t;
    }

    /** Notes that the line reached output state {@code s}: once per line, the rest waits for {@link #settle}. */
    private void reach(int s, Scratch w) {
        int k = s - firstOutput;
        if (w.stateMark[k] != w.stamp) {
            w.stateMark[k] = w.stamp;
            w.reached[w.reachedCount++] = k;
        }
    }

    /**
     * After a line: marks the clauses whose literal ends in a state the line reached; a pattern all
     * of whose clauses are marked is a candidate.
     */
    private void settle(Scratch w) {
        int stamp = w.stamp;
        for (int r = 0; r < w.reachedCount; r++) {
            int k = w.reached[r];
            for (int i = outputStart[k], end = outputStart[k + 1]; i < end; i++) {
                int slot = outputSlots[i];
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
        }
    }
}
