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
 * line (lowercased character by character) marks every pattern whose required literal occurs, so
 * the cost per line no longer grows with the number of rules. Patterns without literals are
 * always candidates. Immutable after construction; {@link #candidates} is thread-safe given a
 * per-call output array.
 */
final class LiteralIndex {
    private final int[] rootNext = new int[128];  // dense root row for ASCII: most steps end here
    private final char[][] keys;                   // state -> sorted edge characters
    private final int[][] targets;                 // state -> edge targets, parallel to keys
    private final int[] fail;                      // state -> failure link
    private final int[][] outputs;                 // state -> pattern indices ending here (incl. via failure links)
    private final int[] always;                    // patterns with no literal
    private final int patternCount;

    LiteralIndex(List<Condition.LinePattern> patterns) {
        this.patternCount = patterns.size();
        Map<String, List<Integer>> byLiteral = new LinkedHashMap<>();
        List<Integer> alwaysList = new ArrayList<>();
        for (Condition.LinePattern p : patterns) {
            if (p.literals() == null || p.literals().isEmpty()) {
                alwaysList.add(p.index());
                continue;
            }
            for (String lit : p.literals()) {
                byLiteral.computeIfAbsent(lit, k -> new ArrayList<>()).add(p.index());
            }
        }
        always = alwaysList.stream().mapToInt(Integer::intValue).toArray();
        // trie with sparse edges
        List<TreeMap<Character, Integer>> edges = new ArrayList<>();
        List<List<Integer>> out = new ArrayList<>();
        edges.add(new TreeMap<>());
        out.add(new ArrayList<>());
        for (Map.Entry<String, List<Integer>> e : byLiteral.entrySet()) {
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
        for (int c = 0; c < 128; c++) {
            Integer t = edges.get(0).get((char) c);
            rootNext[c] = t == null ? 0 : t;
        }
        // failure links, breadth first
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
                fail[t] = step(fail[s], keys[s][i], t);
                queue.add(t);
            }
        }
        outputs = new int[n][];
        for (int s = 0; s < n; s++) {
            List<Integer> o = out.get(s);
            outputs[s] = o.isEmpty() ? null : o.stream().distinct().mapToInt(Integer::intValue).toArray();
        }
    }

    /** The automaton's transition from {@code s} on {@code c}; {@code self} guards a root edge to itself. */
    private int step(int s, char c, int self) {
        while (true) {
            int t = edge(s, c);
            if (t >= 0 && t != self) {
                return t;
            }
            if (s == 0) {
                return 0;
            }
            s = fail[s];
        }
    }

    private int edge(int s, char c) {
        if (s == 0 && c < 128) {
            int t = rootNext[c];
            return t == 0 ? -1 : t;
        }
        char[] k = keys[s];
        int i = Arrays.binarySearch(k, c);
        return i >= 0 ? targets[s][i] : -1;
    }

    /**
     * Marks in {@code mark} (one slot per pattern) the patterns that may match {@code line}: set to
     * {@code stamp}. Callers then test {@code mark[i] == stamp}.
     */
    void candidates(String line, int[] mark, int stamp) {
        for (int i : always) {
            mark[i] = stamp;
        }
        int s = 0;
        for (int i = 0, len = line.length(); i < len; i++) {
            char c = line.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            } else if (c >= 128) {
                c = Character.toLowerCase(c);
            }
            while (true) {
                int t = edge(s, c);
                if (t >= 0) {
                    s = t;
                    break;
                }
                if (s == 0) {
                    break;
                }
                s = fail[s];
            }
            int[] o = outputs[s];
            if (o != null) {
                for (int p : o) {
                    mark[p] = stamp;
                }
            }
        }
    }

    int patternCount() {
        return patternCount;
    }
}
