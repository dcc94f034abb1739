package io.dockmedic.evidence;

import java.util.List;
import java.util.Optional;

/**
 * What was seen of a container over time, beside one moment's evidence: its recent health probes
 * and the patterns it shows (crash loop, flapping).
 */
public record Timeline(Probes probes, List<Pattern> patterns) {
    public static final Timeline NONE = new Timeline(Probes.NONE, List.of());

    public Timeline {
        probes = probes == null ? Probes.NONE : probes;
        patterns = List.copyOf(patterns);
    }

    public static Timeline of(Probes probes, List<Pattern> patterns) {
        return new Timeline(probes, patterns);
    }

    public boolean flapping() {
        return patterns.stream().anyMatch(p -> p instanceof Pattern.Flapping);
    }

    public Optional<Pattern.CrashLoop> crashLoop() {
        return patterns.stream().filter(p -> p instanceof Pattern.CrashLoop).map(p -> (Pattern.CrashLoop) p).findFirst();
    }
}
