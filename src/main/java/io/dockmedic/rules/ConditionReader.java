package io.dockmedic.rules;

import static io.dockmedic.rules.RuleLoader.ordered;

import com.google.re2j.PatternSyntaxException;
import io.dockmedic.state.Trigger;
import io.dockmedic.yaml.YamlSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a rule's {@code match} tree strictly (every problem with its key path, the reader goes on) and
 * compiles its line patterns with RE2, numbering them in the order read: the rule set's pattern list.
 */
final class ConditionReader {
    /** Largest count allowed in {n}, {n,} and {n,m}. */
    static final int MAX_REPEAT = 20;
    /** Largest compiled RE2 program (instructions): the cost of each character of a line grows with it. */
    static final int MAX_PROGRAM = 2000;
    private static final Pattern COUNTED_REPETITION = Pattern.compile(
            "(?<!\\\\)\\{(?:\\d{3,}|[3-9]\\d|2[1-9])(?:,\\d*)?\\}|(?<!\\\\)\\{\\d{1,2},(?:\\d{3,}|[3-9]\\d|2[1-9])\\}");
    private static final Set<String> CONDITION_KEYS = ordered(
            "log", "probe", "line", "exit_code", "oom_killed", "env_present", "env_absent", "env_empty",
            "env_set_empty", "trigger", "service", "image", "fact", "neighbor_log", "all", "any", "not");
    private static final Set<String> PATTERN_KEYS = ordered("match", "unless");
    private final List<Condition.LinePattern> patterns = new ArrayList<>();

    /** The line patterns read so far, numbered by {@link Condition.LinePattern#index()}. */
    List<Condition.LinePattern> patterns() {
        return patterns;
    }

    /** The condition tree at {@code node} (key path {@code p}); its problems go to {@code src}. */
    Condition condition(YamlSource src, Node node, String p) {
        Map<String, Node> m = src.mapping(node, p, CONDITION_KEYS);
        List<Condition> parts = new ArrayList<>();
        for (Map.Entry<String, Node> e : m.entrySet()) {
            String key = p + "." + e.getKey();
            Node v = e.getValue();
            switch (e.getKey()) {
                case "log" -> parts.add(lines(src, v, key, Condition.Source.LOG));
                case "probe" -> parts.add(lines(src, v, key, Condition.Source.PROBE));
                case "line" -> parts.add(lines(src, v, key, Condition.Source.ANY));
                case "exit_code" -> parts.add(exitCode(src, v, key));
                case "oom_killed" -> parts.add(new Condition.OomKilled(src.bool(v, key)));
                case "env_present" -> parts.add(env(src, v, key, Condition.Env.Mode.PRESENT));
                case "env_absent" -> parts.add(env(src, v, key, Condition.Env.Mode.ABSENT));
                case "env_empty" -> parts.add(env(src, v, key, Condition.Env.Mode.EMPTY));
                case "env_set_empty" -> parts.add(env(src, v, key, Condition.Env.Mode.SET_EMPTY));
                case "trigger" -> parts.add(trigger(src, v, key));
                case "fact" -> parts.add(fact(src, v, key));
                case "neighbor_log" -> parts.add(lines(src, v, key, Condition.Source.NEIGHBOR));
                case "service" -> parts.add(selector(src, v, key, Condition.Selector.Field.SERVICE));
                case "image" -> parts.add(selector(src, v, key, Condition.Selector.Field.IMAGE));
                case "all" -> parts.add(new Condition.All(children(src, v, key)));
                case "any" -> parts.add(new Condition.Any(children(src, v, key)));
                case "not" -> parts.add(new Condition.None(v instanceof SequenceNode
                        ? children(src, v, key) : List.of(condition(src, v, key))));
                default -> throw new IllegalStateException(e.getKey());
            }
        }
        if (m.isEmpty() && node instanceof MappingNode) {
            src.problem(node, p, null, "is empty: give at least one condition (" + String.join(", ", CONDITION_KEYS) + ")");
        }
        if (!parts.isEmpty() && parts.stream().allMatch(c -> c instanceof Condition.None)) {
            src.problem(node, p, null, "has only 'not' conditions: it would match every container");
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.All(parts);
    }

    private List<Condition> children(YamlSource src, Node v, String key) {
        List<Condition> out = new ArrayList<>();
        int i = 0;
        List<Node> items = src.sequence(v, key, false);
        if (items.isEmpty() && v instanceof SequenceNode) {
            src.problem(v, key, null, "is an empty list");
        }
        for (Node item : items) {
            out.add(condition(src, item, key + "[" + i++ + "]"));
        }
        return out;
    }

    /** {@code log}/{@code probe}/{@code line}: one pattern, a list, or {match, unless} items. */
    private Condition lines(YamlSource src, Node v, String key, Condition.Source source) {
        List<Condition> alternatives = new ArrayList<>();
        for (Node item : v instanceof MappingNode ? List.of(v) : src.sequence(v, key, true)) {
            Node match = item;
            Node unless = null;
            if (item instanceof MappingNode) {
                Map<String, Node> m = src.mapping(item, key, PATTERN_KEYS);
                match = m.get("match");
                unless = m.get("unless");
                if (match == null) {
                    src.problem(item, key + ".match", null, "is missing: give the pattern a line must match");
                    continue;
                }
            }
            String matchKey = item instanceof MappingNode ? key + ".match" : key;
            com.google.re2j.Pattern compiled = pattern(src, match, matchKey);
            List<List<String>> clauses = compiled == null ? null : Prefilter.requiredClauses(compiled.pattern());
            // a pattern with required literals cannot match the empty line; the others are tried here, on
            // the program compiled for the check, which is not kept
            if (compiled != null && clauses == null && compiled.matcher("").find()) {
                src.problem(match, matchKey, compiled.pattern(), "matches the empty line: it would match every line");
                compiled = null;
            }
            com.google.re2j.Pattern except = unless == null ? null : pattern(src, unless, key + ".unless");
            if (compiled == null || (unless != null && except == null)) {
                continue;
            }
            String regex = compiled.pattern();
            // only the texts are kept: checked here, each compiles again when first needed (LazyPattern)
            Condition.LinePattern lp = new Condition.LinePattern(patterns.size(), source, new LazyPattern(regex), regex,
                    clauses, except == null ? null : new LazyPattern(except.pattern()), LiteralPattern.of(regex),
                    MatchStarts.starts(regex));
            patterns.add(lp);
            alternatives.add(lp);
        }
        return alternatives.size() == 1 ? alternatives.get(0) : new Condition.Any(alternatives);
    }

    /**
     * A line pattern compiled with RE2, or null (and a problem): invalid syntax, a counted repetition
     * above {@value #MAX_REPEAT}, a program above {@value #MAX_PROGRAM} instructions (a line pattern
     * that matches the empty line is refused by the caller). RE2 runs in time linear in the line
     * (no backtracking); these limits keep the factor per character small.
     */
    private static com.google.re2j.Pattern pattern(YamlSource src, Node item, String key) {
        String regex = src.scalar(item, key);
        if (regex == null) {
            return null;
        }
        if (regex.isEmpty()) {
            src.problem(item, key, regex, "is an empty pattern: it would match every line");
            return null;
        }
        java.util.regex.Matcher counted = COUNTED_REPETITION.matcher(regex);
        if (counted.find()) {
            src.problem(item, key, regex, "uses the counted repetition " + counted.group()
                    + ": RE2 copies the repeated part once per count, which makes every line slow to match; "
                    + "use * or + instead (RE2 never backtracks, so they are safe), or a count of at most "
                    + MAX_REPEAT);
            return null;
        }
        try {
            com.google.re2j.Pattern compiled = com.google.re2j.Pattern.compile(regex);
            if (compiled.programSize() > MAX_PROGRAM) {
                src.problem(item, key, regex, "compiles to " + compiled.programSize() + " RE2 instructions (at most "
                        + MAX_PROGRAM + "): nested or long counted repetitions multiply, and every character of every "
                        + "line would pay for them; use * or +, or split the pattern");
                return null;
            }
            return compiled;
        } catch (PatternSyntaxException e) {
            src.problem(item, key, regex, "is not a valid RE2 regular expression (linear time: no backreferences "
                    + "or lookaround): " + e.getDescription());
            return null;
        }
    }

    private static Condition trigger(YamlSource src, Node v, String key) {
        Set<Trigger> triggers = new HashSet<>();
        for (Node item : src.sequence(v, key, true)) {
            String t = src.scalar(item, key);
            Optional<Trigger> known = Trigger.parseRuleSpelling(t);
            if (t != null && known.isEmpty()) {
                src.problem(item, key, t, "is not one of: " + Condition.Trigger.spellings());
            } else {
                known.ifPresent(triggers::add);
            }
        }
        return new Condition.Trigger(triggers);
    }

    private static Condition fact(YamlSource src, Node v, String key) {
        String name = src.scalar(v, key);
        if (name != null && !io.dockmedic.evidence.Facts.ALL.containsKey(name)) {
            src.problem(v, key, name, "is not a known fact (known: "
                    + String.join(", ", new java.util.TreeSet<>(io.dockmedic.evidence.Facts.ALL.keySet())) + ")");
        }
        return new Condition.Fact(name);
    }

    private static Condition exitCode(YamlSource src, Node v, String key) {
        Set<Integer> codes = new HashSet<>();
        boolean nonZero = false;
        for (Node item : src.sequence(v, key, true)) {
            String s = src.scalar(item, key);
            if ("nonzero".equals(s)) {
                nonZero = true;
            } else {
                try {
                    int code = Integer.parseInt(s);
                    if (code < 0 || code > 255) {
                        src.problem(item, key, s, "must be between 0 and 255, or nonzero");
                    }
                    codes.add(code);
                } catch (NumberFormatException e) {
                    src.problem(item, key, s, "must be a whole number between 0 and 255, or nonzero");
                }
            }
        }
        return new Condition.ExitCode(Set.copyOf(codes), nonZero);
    }

    private static Condition env(YamlSource src, Node v, String key, Condition.Env.Mode mode) {
        String name = src.scalar(v, key);
        if (name != null && !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            src.problem(v, key, name, "is not an environment variable name");
        }
        return new Condition.Env(name, mode);
    }

    private static Condition selector(YamlSource src, Node v, String key, Condition.Selector.Field field) {
        String regex = src.scalar(v, key);
        try {
            return new Condition.Selector(field, com.google.re2j.Pattern.compile(regex == null ? "^$" : regex), regex);
        } catch (PatternSyntaxException e) {
            src.problem(v, key, regex, "is not a valid RE2 regular expression: " + e.getDescription());
            return new Condition.Selector(field, com.google.re2j.Pattern.compile("^$"), regex);
        }
    }
}
