package io.dockmedic.diagnosis;

import io.dockmedic.text.Printable;
import io.dockmedic.text.Redactor;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the most frequent unclassified templates into a draft rule file: valid YAML that
 * {@code dockmedic rules check} accepts, one rule per template with a case-insensitive pattern made
 * of the template's literal words ({@code <*>} becomes {@code .*}) and TODO texts to fill in. The
 * example line is redacted again (clusters may come from a remote agent) and escaped.
 */
public final class RuleDrafts {
    private static final String METACHARACTERS = "\\.+*?()|[]{}^$#&-~";

    private RuleDrafts() {
    }

    /** The pattern that matches the lines of a template, or null when it has no literal word to anchor on. */
    public static String pattern(String template) {
        List<String> literals = new ArrayList<>();
        for (String part : template.split("<\\*>", -1)) {
            if (!part.isBlank()) {
                literals.add(part.strip()); // the spaces next to a mask are the mask's: .* takes them
            }
        }
        if (literals.isEmpty() || literals.stream().allMatch(l -> l.chars().filter(Character::isLetter).count() < 3)) {
            return null;
        }
        StringBuilder re = new StringBuilder("(?i)");
        for (String literal : literals) {
            if (re.length() > 4) {
                re.append(".*");
            }
            for (char c : literal.toCharArray()) {
                if (c == ' ') {
                    re.append("\\s+");
                } else {
                    re.append(METACHARACTERS.indexOf(c) >= 0 ? "\\" + c : String.valueOf(c));
                }
            }
        }
        return re.toString();
    }

    /** A draft rule file for these clusters (most frequent first); clusters without a literal word are listed, not drafted. */
    public static String yaml(List<TemplateClusters.Cluster> clusters, String from) {
        StringBuilder y = new StringBuilder();
        y.append("# Draft rules for the most frequent unclassified error lines of ").append(oneLine(from)).append(".\n")
                .append("# Fill in every TODO, pick the category and severity, narrow the pattern, add test cases\n")
                .append("# (docs/rules.md), then: dockmedic rules check DIR && dockmedic rules test FILE\n")
                .append("rules:");
        int drafted = 0;
        for (TemplateClusters.Cluster c : clusters) {
            String re = pattern(c.template());
            y.append("\n  # seen ").append(c.count()).append(c.count() == 1 ? " time" : " times")
                    .append(", signature ").append(c.signature()).append(", template: ").append(oneLine(c.template()))
                    .append("\n  # e.g. ").append(oneLine(Redactor.generic().redact(c.example()))).append('\n');
            if (re == null) {
                y.append("  # (no literal word to match on: not drafted)\n");
                continue;
            }
            drafted++;
            y.append("  - id: draft-").append(c.signature()).append('\n')
                    .append("    category: crash        # TODO: the cause's category (see docs/rules.md)\n")
                    .append("    severity: warning      # TODO: critical, warning or info\n")
                    .append("    priority: 40\n")
                    .append(text("title", "TODO: what failed", "TODO: 标题"))
                    .append(text("cause", "TODO: why it fails", "TODO: 原因"))
                    .append(text("remedy", "TODO: how to fix it", "TODO: 解决方法"))
                    .append("    match:\n")
                    .append("      log: ").append(quoted(re)).append('\n');
        }
        if (drafted == 0) {
            y.append(" []\n");
        }
        return y.toString();
    }

    private static String text(String key, String en, String zh) {
        return "    " + key + ":\n      en: " + quoted(en) + "\n      zh: " + quoted(zh) + "\n";
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** Outside text in a comment line: line breaks become spaces, other control and bidi characters escapes. */
    private static String oneLine(String s) {
        return Printable.escape(s.replace('\n', ' ').replace('\r', ' '));
    }
}
