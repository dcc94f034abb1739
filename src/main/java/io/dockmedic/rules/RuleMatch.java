package io.dockmedic.rules;

import java.util.List;

/**
 * A rule that matched, with the evidence it rests on.
 *
 * @param evidence the matched lines (oldest first) then facts such as the exit code
 * @param leaves   how many conditions of the rule held (specificity)
 * @param latest   position of the latest matched line (recency), -1 when only facts matched
 */
public record RuleMatch(Rule rule, List<String> evidence, int leaves, long latest) {
    /** The same match resting on {@code other} evidence (the same lines, redacted). */
    public RuleMatch withEvidence(List<String> other) {
        return new RuleMatch(rule, List.copyOf(other), leaves, latest);
    }
}
