package io.dockmedic.rules;

/**
 * One cause in the library: how to recognise it ({@link #match}) and what to tell people.
 *
 * @param priority   higher wins when several rules match (specific causes above generic ones)
 * @param confidence how sure a match makes us, 0..1
 * @param playbook   remediation playbook name, or null
 * @param source     file:line where the rule was defined
 */
public record Rule(
        String id,
        Category category,
        Severity severity,
        int priority,
        double confidence,
        Text title,
        Text cause,
        Text remedy,
        String playbook,
        Condition match,
        String source) {
}
