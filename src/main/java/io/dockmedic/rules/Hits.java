package io.dockmedic.rules;

import java.util.ArrayList;
import java.util.List;

/** The evidence a match rests on: line hits (with position, for recency) and facts (exit code, env). */
public final class Hits {
    private final List<Scan.Hit> lines = new ArrayList<>();
    private final List<String> facts = new ArrayList<>();

    void addAll(List<Scan.Hit> hits) {
        for (Scan.Hit h : hits) {
            if (!lines.contains(h)) {
                lines.add(h);
            }
        }
    }

    void addAll(Hits other) {
        addAll(other.lines);
        for (String f : other.facts) {
            addFact(f);
        }
    }

    void addFact(String fact) {
        if (!facts.contains(fact)) {
            facts.add(fact);
        }
    }

    public List<Scan.Hit> lines() {
        return lines;
    }

    public List<String> facts() {
        return facts;
    }

    /** Position of the latest matched line (higher = more recent), -1 when none. */
    public int latest() {
        int max = -1;
        for (Scan.Hit h : lines) {
            max = Math.max(max, h.order());
        }
        return max;
    }
}
