package io.dockmedic.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * The evidence a match rests on: line hits (with position, for recency) and facts (exit code, env),
 * and how many conditions held (the match's specificity).
 */
public final class Hits {
    private final List<Scan.Hit> lines = new ArrayList<>();
    private final List<String> facts = new ArrayList<>();
    private int held;

    void addAll(List<Scan.Hit> hits) {
        for (Scan.Hit h : hits) {
            if (!lines.contains(h)) {
                lines.add(h);
            }
        }
    }

    /** Adds the other's lines, facts and count of conditions that held. */
    void addAll(Hits other) {
        addEvidence(other);
        held += other.held;
    }

    /** Adds the other's lines and facts only. */
    void addEvidence(Hits other) {
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

    void held(int conditions) {
        held += conditions;
    }

    /** How many leaf conditions held. */
    public int held() {
        return held;
    }

    public List<Scan.Hit> lines() {
        return lines;
    }

    public List<String> facts() {
        return facts;
    }

    /** Position of the latest matched line (higher = more recent), -1 when none. */
    public long latest() {
        long max = -1;
        for (Scan.Hit h : lines) {
            max = Math.max(max, h.order());
        }
        return max;
    }
}
