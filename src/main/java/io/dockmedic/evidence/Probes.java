package io.dockmedic.evidence;

import java.util.List;

/**
 * A container's recent health probes (oldest first) and its failing streak: how many of the latest
 * probes failed in a row, as far as the history reaches.
 */
public record Probes(List<ProbeResult> results, int failingStreak) {
    public static final Probes NONE = new Probes(List.of(), 0);

    public Probes {
        results = List.copyOf(results);
    }

    /** The history of these results; the streak is counted from the newest backwards. */
    public static Probes of(List<ProbeResult> results) {
        int streak = 0;
        for (int i = results.size() - 1; i >= 0 && !results.get(i).passed(); i--) {
            streak++;
        }
        return new Probes(results, streak);
    }

    public boolean isEmpty() {
        return results.isEmpty();
    }

    /** The newest result, or null. */
    public ProbeResult last() {
        return results.isEmpty() ? null : results.get(results.size() - 1);
    }
}
