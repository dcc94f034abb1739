package io.dockmedic.rules;

import io.dockmedic.evidence.Evidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An immutable, loaded set of rules. Pure: no Docker and no I/O; safe to share between threads and
 * to swap atomically on reload.
 */
public final class RuleSet {
    /** Ranking: priority, then specificity (conditions matched), then recency, then confidence. */
    public static final Comparator<RuleMatch> RANKING = Comparator
            .comparingInt((RuleMatch m) -> m.rule().priority()).reversed()
            .thenComparing(Comparator.comparingInt(RuleMatch::leaves).reversed())
            .thenComparing(Comparator.comparingInt(RuleMatch::latest).reversed())
            .thenComparing(Comparator.comparingDouble((RuleMatch m) -> m.rule().confidence()).reversed())
            .thenComparing(m -> m.rule().id());

    private static final int MAX_EVIDENCE = 5;

    private final List<Rule> rules;
    private final List<Condition.LinePattern> patterns;
    private final Map<String, Rule> byId;
    private final LiteralIndex index;

    RuleSet(List<Rule> rules, List<Condition.LinePattern> patterns) {
        this.rules = List.copyOf(rules);
        this.patterns = List.copyOf(patterns);
        this.index = new LiteralIndex(this.patterns);
        this.byId = this.rules.stream().collect(Collectors.toUnmodifiableMap(Rule::id, Function.identity()));
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Every line pattern of every rule (for tests and benchmarks). */
    List<Condition.LinePattern> patterns() {
        return patterns;
    }

    public int size() {
        return rules.size();
    }

    public Optional<Rule> rule(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every rule that matches, best first. Empty when nothing matched. */
    public List<RuleMatch> classify(Evidence evidence) {
        return classify(evidence, evidence.logLines());
    }

    /**
     * Classifies a log of any length in bounded memory: the lines are read once, as they come, and
     * only the latest few hits per pattern are kept. {@code context} gives everything but the log lines.
     */
    public List<RuleMatch> classify(Evidence context, Iterable<String> logLines) {
        Scan scan = new Scan(context, logLines, patterns, index);
        List<RuleMatch> matches = new ArrayList<>();
        for (Rule rule : rules) {
            Hits hits = new Hits();
            if (rule.match().eval(scan, hits)) {
                List<String> lines = new ArrayList<>();
                hits.lines().stream()
                        .sorted(Comparator.comparingInt(Scan.Hit::order))
                        .map(Scan.Hit::line)
                        .distinct()
                        .forEach(lines::add);
                if (lines.size() > MAX_EVIDENCE) {
                    lines = new ArrayList<>(lines.subList(lines.size() - MAX_EVIDENCE, lines.size()));
                }
                lines.addAll(hits.facts());
                matches.add(new RuleMatch(rule, List.copyOf(lines), hits.held(), hits.latest()));
            }
        }
        matches.sort(RANKING);
        return matches;
    }
}
