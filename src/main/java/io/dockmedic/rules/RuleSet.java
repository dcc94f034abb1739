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
            .thenComparing(Comparator.comparingLong(RuleMatch::latest).reversed())
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
        Scan scan = scan(context, logLines);
        List<RuleMatch> matches = new ArrayList<>();
        for (Rule rule : rules) {
            Hits hits = new Hits();
            if (rule.match().eval(scan, hits)) {
                List<String> lines = new ArrayList<>();
                hits.lines().stream()
                        .sorted(Comparator.comparingLong(Scan.Hit::order))
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

    /** The scan of {@link #classify(Evidence, Iterable)}: every relevant pattern over the lines. */
    Scan scan(Evidence context, Iterable<String> logLines) {
        boolean[] relevant = new boolean[patterns.size()];
        Scan facts = new Scan(context);
        for (Rule rule : rules) {
            markRelevant(rule.match(), facts, relevant);
        }
        return new Scan(context, logLines, patterns, index, relevant);
    }

    /**
     * Marks the line patterns whose hits can change an outcome, given the evidence's facts (exit
     * code, OOM flag, env, service, image, trigger): a pattern under an {@code all} with a fact that
     * does not hold is never run, e.g. the line of {@code env_set_empty: X + line: 401} on a bare log.
     */
    private static void markRelevant(Condition c, Scan facts, boolean[] relevant) {
        if (c instanceof Condition.LinePattern p) {
            relevant[p.index()] = true;
        } else if (c instanceof Condition.All all) {
            for (Condition child : all.children()) {
                if (isFact(child) && !child.eval(facts, new Hits())) {
                    return;
                }
            }
            all.children().forEach(child -> markRelevant(child, facts, relevant));
        } else if (c instanceof Condition.Any any) {
            any.children().forEach(child -> markRelevant(child, facts, relevant));
        } else if (c instanceof Condition.None none) {
            none.children().forEach(child -> markRelevant(child, facts, relevant));
        }
    }

    private static boolean isFact(Condition c) {
        return !(c instanceof Condition.LinePattern || c instanceof Condition.All || c instanceof Condition.Any
                || c instanceof Condition.None);
    }
}
