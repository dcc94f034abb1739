package io.dockmedic.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An Aho-Corasick automaton over the prefilter literals of every line pattern: one pass over a
 * line (lowercased character by character) finds every literal it contains, and a pattern is a
 * candidate when each of its clauses ({@link Prefilter#requiredClauses}) has a literal in the line.
 * The cost per line does not grow with the number of rules, and only candidates run their regular
 * expression. ASCII characters step through a transition table of 16-bit state numbers (one array
 * read, a multiply and an add per character); others, and states deeper than {@value #TABLE_DEPTH}
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
    private final int stride;                      // a state's row starts at state * stride (a row holds every class)
    private final char[] table;                    // state * stride + class -> next state, for states before firstDeep
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

        /** Forgets every mark and numbers the line being started 1, the untouched marks staying at 0. */
        private void clearMarks() {
            Arrays.fill(stateMark, 0);
            Arrays.fill(slotMark, 0);
            Arrays.fill(patternMark, 0);
            stamp = 1;
        }

        /** Sets the number of the last line (tests: the numbers coming round after 2^32 lines). */
        void lineNumber(int n) {
            stamp = n;
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
        Trie trie = slots.trie;
        int n = trie.size;
        int[] breadthFirst = trie.linkFailures(slotPattern.length);
        // renumber breadth first in four groups: shallow states without outputs, shallow with, deep with,
        // deep without (deep: more than tableDepth characters, no table row)
        int[] groupOf = new int[n];
        int[] bounds = new int[5];
        for (int st = 0; st < n; st++) {
            boolean deep = trie.depth[st] > tableDepth;
            boolean out = trie.out[st] != null;
            groupOf[st] = deep ? (out ? 2 : 3) : (out ? 1 : 0);
            bounds[groupOf[st] + 1]++;
        }
        for (int g = 1; g <= 4; g++) {
            bounds[g] += bounds[g - 1];
        }
        firstOutput = bounds[1];
        firstDeep = bounds[2];
        endOutput = bounds[3];
        int[] renumber = new int[n];
        int[] nextInGroup = Arrays.copyOf(bounds, 4);
        for (int st : breadthFirst) {
            renumber[st] = nextInGroup[groupOf[st]]++;
        }
        int[] old = new int[n];
        for (int st = 0; st < n; st++) {
            old[renumber[st]] = st;
        }
        // the edges as one packed array (a few arrays per state cost their headers: ~1 MiB for the built-ins)
        edgeStart = new int[n + 1];
        for (int r = 0; r < n; r++) {
            int st = old[r];
            edgeStart[r + 1] = edgeStart[r] + trie.edgeStart[st + 1] - trie.edgeStart[st];
        }
        edgeKeys = new char[edgeStart[n]];
        edgeTargets = new int[edgeStart[n]];
        fail = new int[n];
        for (int r = 0; r < n; r++) {
            int st = old[r];
            int from = trie.edgeStart[st];
            System.arraycopy(trie.edgeKeys, from, edgeKeys, edgeStart[r], trie.edgeStart[st + 1] - from);
            for (int i = from, j = edgeStart[r]; i < trie.edgeStart[st + 1]; i++, j++) {
                edgeTargets[j] = renumber[trie.edgeTargets[i]];
            }
            fail[r] = renumber[trie.fail[st]];
        }
        outputStart = new int[endOutput - firstOutput + 1];
        for (int k = 0; k < endOutput - firstOutput; k++) {
            outputStart[k + 1] = outputStart[k] + trie.out[old[firstOutput + k]].length;
        }
        outputSlots = new int[outputStart[endOutput - firstOutput]];
        for (int k = 0; k < endOutput - firstOutput; k++) {
            System.arraycopy(trie.out[old[firstOutput + k]], 0, outputSlots, outputStart[k], outputStart[k + 1] - outputStart[k]);
        }
        // ASCII characters in the same class step alike: one row entry per class keeps the table small
        asciiClass = new byte[128];
        char[] representative = classify(slots.literals, asciiClass);
        stride = representative.length;
        table = rows(breadthFirst, renumber, representative);
    }

    /**
     * The transition table's rows, for the states before {@link #firstDeep}. Breadth first, a state's failure link (a
     * shallower state) has its row filled already: a row starts as its failure link's (an edge the state lacks steps
     * as the link steps), then the state's own edges go in.
     */
    private char[] rows(int[] breadthFirst, int[] renumber, char[] representative) {
        char[] rows = new char[firstDeep * stride];
        for (int st : breadthFirst) {
            int r = renumber[st];
            if (r >= firstDeep) {
                continue;
            }
            int row = r * stride;
            if (r != 0) {
                System.arraycopy(rows, fail[r] * stride, rows, row, stride);
            }
            for (int i = edgeStart[r]; i < edgeStart[r + 1]; i++) {
                char key = edgeKeys[i];
                int cl = key < 128 ? asciiClass[key] : 0;
                if (cl != 0 && representative[cl] == key) { // class 0 (a char in no literal) leads back to the root
                    rows[row + cl] = (char) edgeTargets[i];
                }
            }
        }
        return rows;
    }

    /**
     * The trie of the literals, with the clause slots each satisfies: a slot per clause of every pattern that has
     * literals and fits in the automaton; the others are always candidates.
     */
    private static final class Slots {
        final Set<String> literals = new HashSet<>();
        final int[] clauseCount;                   // pattern index -> clauses (0: always a candidate)
        int[] always;
        int[] slotPattern;
        Trie trie;

        private Slots(int patternCount) {
            clauseCount = new int[patternCount];
        }

        static Slots assign(List<Condition.LinePattern> patterns, int maxStates) {
            Slots s = new Slots(patterns.size());
            Trie trie = new Trie();
            List<Integer> alwaysList = new ArrayList<>();
            List<Integer> slotOwner = new ArrayList<>();
            for (Condition.LinePattern p : patterns) {
                List<List<String>> clauses = p.clauses();
                if (clauses == null || clauses.isEmpty() || !trie.fits(clauses, maxStates)) {
                    alwaysList.add(p.index());
                    continue;
                }
                s.clauseCount[p.index()] = clauses.size();
                for (List<String> clause : clauses) {
                    int slot = slotOwner.size();
                    slotOwner.add(p.index());
                    for (String lit : clause) {
                        s.literals.add(lit);
                        trie.add(lit, slot);
                    }
                }
            }
            s.always = alwaysList.stream().mapToInt(Integer::intValue).toArray();
            s.slotPattern = slotOwner.stream().mapToInt(Integer::intValue).toArray();
            s.trie = trie;
            return s;
        }
    }

    /**
     * The trie of the literals in insertion numbering, then its failure links. Built in primitive arrays:
     * with a map of boxed characters per state, building the built-ins' 25,500 states was half of loading
     * the rules in a fresh JVM (the CLI's and the daemon's start), so the edges go into an open-addressing
     * table of (state, char) keys while literals are added (no library in use has a primitive long-to-int
     * map), and become sorted arrays per state once they are all in.
     */
    private static final class Trie {
        int size = 1;                              // states, the root (0) included
        private long[] keys = new long[1 << 12];   // (state << 16 | char) + 1, 0 for an empty slot
        private int[] values = new int[1 << 12];   // the target state of each key
        private int used;
        int[] edgeStart;                           // set by linkFailures: state -> its first edge (state + 1: the end)
        char[] edgeKeys;                           // each state's edge characters, sorted
        int[] edgeTargets;
        int[][] out;                               // state -> slots (null: none), completed along failure links
        int[] fail;
        int[] depth;                               // state -> characters from the root
        private final Map<Integer, List<Integer>> own = new HashMap<>(); // end state -> its literal's slots, in order

        /** The state {@code c} leads to from {@code s}, or -1. */
        int edge(int s, char c) {
            long key = ((long) s << 16 | c) + 1;
            int mask = keys.length - 1;
            for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
                if (keys[i] == key) {
                    return values[i];
                }
                if (keys[i] == 0) {
                    return -1;
                }
            }
        }

        private static int hash(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }

        private void put(long key, int value) {
            if ((used + 1) * 2 > keys.length) {
                long[] oldKeys = keys;
                int[] oldValues = values;
                keys = new long[oldKeys.length * 2];
                values = new int[oldKeys.length * 2];
                used = 0;
                for (int i = 0; i < oldKeys.length; i++) {
                    if (oldKeys[i] != 0) {
                        put(oldKeys[i], oldValues[i]);
                    }
                }
            }
            int mask = keys.length - 1;
            int i = hash(key) & mask;
            while (keys[i] != 0) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            values[i] = value;
            used++;
        }

        /** Adds {@code literal}'s path, and {@code slot} to what its end state satisfies. */
        void add(String literal, int slot) {
            int s = 0;
            for (int i = 0; i < literal.length(); i++) {
                char c = literal.charAt(i);
                int t = edge(s, c);
                if (t < 0) {
                    t = size++;
                    put(((long) s << 16 | c) + 1, t);
                }
                s = t;
            }
            own.computeIfAbsent(s, k -> new ArrayList<>()).add(slot);
        }

        /**
         * Whether the literals of {@code clauses} fit in the automaton with those already in it (one state per
         * distinct prefix, plus the root). An upper bound (every character past the part already in the trie
         * a new state) decides nearly always; the exact count, which shares the new prefixes of the clauses'
         * literals, only near the limit.
         */
        boolean fits(List<List<String>> clauses, int maxStates) {
            int bound = 0;
            for (List<String> clause : clauses) {
                for (String lit : clause) {
                    bound += lit.length() - known(lit);
                }
            }
            if (size + bound <= maxStates) {
                return true;
            }
            Set<String> added = new HashSet<>();
            for (List<String> clause : clauses) {
                for (String lit : clause) {
                    for (int i = known(lit) + 1; i <= lit.length(); i++) {
                        added.add(lit.substring(0, i));
                    }
                }
            }
            return size + added.size() <= maxStates;
        }

        /** How many of {@code literal}'s first characters are already a path from the root. */
        private int known(String literal) {
            int s = 0;
            for (int i = 0; i < literal.length(); i++) {
                s = edge(s, literal.charAt(i));
                if (s < 0) {
                    return i;
                }
            }
            return literal.length();
        }

        /**
         * Sorts the edges into arrays per state, sets the failure links breadth first (so a state's failure
         * target is complete before the state) and each state's outputs, its own first, then those reached
         * through its failure link, each slot once; returns the breadth-first order.
         */
        int[] linkFailures(int slotCount) {
            edgeStart = new int[size + 1];
            for (long key : keys) {
                if (key != 0) {
                    edgeStart[(int) ((key - 1) >>> 16) + 1]++;
                }
            }
            for (int s = 0; s < size; s++) {
                edgeStart[s + 1] += edgeStart[s];
            }
            edgeKeys = new char[used];
            edgeTargets = new int[used];
            int[] filled = Arrays.copyOf(edgeStart, size);
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != 0) {
                    int s = (int) ((keys[i] - 1) >>> 16);
                    int j = filled[s]++;
                    edgeKeys[j] = (char) ((keys[i] - 1) & 0xFFFF);
                    edgeTargets[j] = values[i];
                }
            }
            for (int s = 0; s < size; s++) { // a state has a few edges (the root a few dozen): insertion sort
                for (int i = edgeStart[s] + 1; i < edgeStart[s + 1]; i++) {
                    char k = edgeKeys[i];
                    int t = edgeTargets[i];
                    int j = i - 1;
                    for (; j >= edgeStart[s] && edgeKeys[j] > k; j--) {
                        edgeKeys[j + 1] = edgeKeys[j];
                        edgeTargets[j + 1] = edgeTargets[j];
                    }
                    edgeKeys[j + 1] = k;
                    edgeTargets[j + 1] = t;
                }
            }
            keys = null;
            values = null;
            fail = new int[size];
            depth = new int[size];
            out = new int[size][];
            int[] seen = new int[slotCount];      // slot -> 1 + the breadth-first position of the last state that took it
            int[] breadthFirst = new int[size];
            int tail = 1;
            for (int k = 0; k < tail; k++) {
                int s = breadthFirst[k];
                List<Integer> mine = own.get(s);
                int[] inherited = s == 0 ? null : out[fail[s]];
                if (mine != null || inherited != null) {
                    int[] all = new int[(mine == null ? 0 : mine.size()) + (inherited == null ? 0 : inherited.length)];
                    int m = 0;
                    for (int slot : mine == null ? List.<Integer>of() : mine) {
                        if (seen[slot] != k + 1) {
                            seen[slot] = k + 1;
                            all[m++] = slot;
                        }
                    }
                    for (int slot : inherited == null ? new int[0] : inherited) {
                        if (seen[slot] != k + 1) {
                            seen[slot] = k + 1;
                            all[m++] = slot;
                        }
                    }
                    out[s] = m == all.length ? all : Arrays.copyOf(all, m);
                }
                for (int i = edgeStart[s]; i < edgeStart[s + 1]; i++) {
                    int t = edgeTargets[i];
                    fail[t] = s == 0 ? 0 : step(fail[s], edgeKeys[i]);
                    depth[t] = depth[s] + 1;
                    breadthFirst[tail++] = t;
                }
            }
            return breadthFirst;
        }

        /** The transition from {@code s} on {@code c}, following failure links (those of shallower states are set). */
        private int step(int s, char c) {
            return walk(edgeStart, edgeKeys, edgeTargets, fail, s, c);
        }
    }

    /**
     * Fills {@code asciiClass} (raw ASCII char to class; upper case with its lower case; 0 for a
     * char in no literal) and returns each class's representative character, class 0 included.
     */
    private static char[] classify(Set<String> literals, byte[] asciiClass) {
        boolean[] inLiteral = new boolean[128];
        for (String l : literals) {
            for (int i = 0; i < l.length(); i++) {
                char c = l.charAt(i);
                if (c < 128) {
                    inLiteral[c] = true;
                }
            }
        }
        char[] representative = new char[128];
        int k = 1;
        for (char c = 0; c < 128; c++) {
            if (Character.toLowerCase(c) == c && inLiteral[c]) { // upper case: classed with its lower case below
                representative[k] = c;
                asciiClass[c] = (byte) k++;
            }
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            asciiClass[c] = asciiClass[Character.toLowerCase(c)];
        }
        return Arrays.copyOf(representative, k);
    }

    /** The automaton's transition from {@code s} on (already lowercased) {@code c}, following failure links. */
    private int next(int s, char c) {
        return walk(edgeStart, edgeKeys, edgeTargets, fail, s, c);
    }

    /** The transition from {@code s} on {@code c} through sorted edges per state, following failure links. */
    private static int walk(int[] edgeStart, char[] edgeKeys, int[] edgeTargets, int[] fail, int s, char c) {
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

    /** Entries of the transition table: {@link #tableRows()} times {@link #classes()}, no padding. */
    int tableLength() {
        return table.length;
    }

    /** States with a row in the transition table. */
    int tableRows() {
        return firstDeep;
    }

    /** Character classes, the width of a table row. */
    int classes() {
        return stride;
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
                sa = table[sa * stride + asciiClass[x]];
                sb = table[sb * stride + asciiClass[y]];
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
        if (++w.stamp == 0) { // 2^32 lines: the numbers come round, so no old mark may pass for a new line's
            w.clearMarks();
        }
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
        int t = c < 128 && s < firstDeep ? table[s * stride + asciiClass[c]] : next(s, Character.toLowerCase(c));
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
