package io.dockmedic.rules;

import io.dockmedic.evidence.Evidence;
import io.dockmedic.state.Health;
import io.dockmedic.state.Trigger;
import io.dockmedic.text.Redactor;
import io.dockmedic.yaml.Problem;
import io.dockmedic.yaml.ProblemsException;
import io.dockmedic.yaml.YamlSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Runs rule test cases: input lines (and optionally probe outputs, exit code, OOM flag and env var
 * names) against a rule set, checking which rule ranks first. Pure: no Docker, no I/O besides
 * reading the test file. The lines are redacted with the generic redactor first, as the daemon does
 * before any rule sees them, so a test proves the rule matches what it will really be given.
 *
 * <pre>
 * tests:
 *   - name: psycopg2 password failure
 *     lines: ['psycopg2.OperationalError: ... FATAL:  password authentication failed for user "app"']
 *     probe: ['...']                 # optional health-probe outputs
 *     exit_code: 137                 # optional
 *     oom_killed: true               # optional
 *     env: [DASHSCOPE_API_KEY]       # optional env var NAMES present (makes it a container context)
 *     empty_env: [DASHSCOPE_API_KEY] # optional names set but empty
 *     neighbor_logs: ['postgres | FATAL: ...'] # optional log lines of the services it depends on
 *     facts: [postgres-password-same]   # optional stack-probe facts (evidence.Facts)
 *     trigger: manual                # optional: unhealthy, die, oom, oom-no-die, reconcile, manual, log; default die
 *                                    # with exit_code/oom_killed, else unhealthy with env, else log
 *     expect: postgres-auth-failed   # the top-ranked rule id, or none
 *     also: [other-rule-id]          # optional: must also match
 *     not: [some-rule-id]            # optional: must not match at all
 * </pre>
 */
public final class RuleTestRunner {
    /** The value of {@code expect} for cases that must match no rule at all. */
    public static final String NONE = "none";
    private static final String MISSING = "is missing: a rule test file has a top-level 'tests:' list";

    private static final Set<String> FILE_KEYS = Set.of("tests");
    private static final Set<String> CASE_KEYS = new LinkedHashSet<>(List.of(
            "name", "lines", "probe", "neighbor_logs", "facts", "exit_code", "oom_killed", "env", "empty_env", "trigger",
            "expect", "also", "not"));
    private static final java.util.regex.Pattern ENV_NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The outcome of one test case. */
    public record Result(String file, int line, String name, boolean passed, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + (passed ? "PASS " : "FAIL ") + name
                    + (message == null || message.isEmpty() ? "" : ": " + message);
        }
    }

    /** One case as read from the file: the evidence it describes and what the rules should make of it. */
    private record Case(int line, String name, Evidence evidence, Expectation expected) {
    }

    /** The top rule id (or {@code none}), the rules that must match too, and those that must not. */
    private record Expectation(String top, List<String> also, List<String> not) {
    }

    private RuleTestRunner() {
    }

    /**
     * Reads {@code testFile} strictly (every problem with file:line:column, all at once) and runs
     * each case against {@code rules}.
     *
     * @throws ProblemsException when the file is invalid; no case is run then
     */
    public static List<Result> run(RuleSet rules, Path testFile) throws IOException, ProblemsException {
        YamlSource src = YamlSource.read(testFile);
        List<Case> cases = read(src, rules);
        if (!src.problems().isEmpty()) {
            throw new ProblemsException("invalid rule tests", RuleLoader.byPosition(src.problems()));
        }
        List<Result> results = new ArrayList<>();
        for (Case c : cases) {
            results.add(runCase(rules, src.name(), c));
        }
        return results;
    }

    /** Runs several files; problems of all files are collected and thrown together. */
    public static List<Result> runAll(RuleSet rules, List<Path> testFiles) throws IOException, ProblemsException {
        List<Result> results = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path f : testFiles) {
            try {
                results.addAll(run(rules, f));
            } catch (ProblemsException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ProblemsException("invalid rule tests", problems);
        }
        return results;
    }

    private static Result runCase(RuleSet rules, String file, Case c) {
        List<RuleMatch> matches = rules.classify(c.evidence());
        List<String> ids = matches.stream().map(m -> m.rule().id()).toList();
        String top = ids.isEmpty() ? NONE : ids.get(0);
        List<String> failures = new ArrayList<>();
        Expectation want = c.expected();
        if (NONE.equals(want.top())) {
            if (!ids.isEmpty()) {
                failures.add("expected no rule to match");
            }
        } else if (!want.top().equals(top)) {
            failures.add("expected top rule " + want.top()
                    + (ids.contains(want.top()) ? " (it matched, ranked " + (ids.indexOf(want.top()) + 1) + ")"
                    : " (it did not match)"));
        }
        for (String id : want.also()) {
            if (!ids.contains(id)) {
                failures.add("expected " + id + " to match too");
            }
        }
        for (String id : want.not()) {
            if (ids.contains(id)) {
                failures.add("expected " + id + " not to match");
            }
        }
        String got = "got top " + top + (ids.isEmpty() ? "" : "; matched " + ids);
        if (failures.isEmpty()) {
            return new Result(file, c.line(), c.name(), true, got);
        }
        return new Result(file, c.line(), c.name(), false, String.join("; ", failures) + "; " + got);
    }

    private static List<Case> read(YamlSource src, RuleSet rules) {
        List<Case> cases = new ArrayList<>();
        src.root().ifPresentOrElse(root -> {
            Map<String, Node> top = src.mapping(root, "", FILE_KEYS);
            Node list = top.get("tests");
            if (list == null) {
                if (root instanceof MappingNode) {
                    src.problem(root, "tests", null, MISSING);
                }
                return;
            }
            List<Node> items = src.sequence(list, "tests", false);
            if (items.isEmpty() && list instanceof SequenceNode) {
                src.problem(list, "tests", null, "is an empty list");
            }
            int i = 0;
            for (Node item : items) {
                Case c = readCase(src, item, i++, rules);
                if (c != null) {
                    cases.add(c);
                }
            }
        }, () -> {
            if (src.problems().isEmpty()) {
                src.problems().add(new Problem(src.name(), "tests", null, MISSING));
            }
        });
        return cases;
    }

    private static Case readCase(YamlSource src, Node node, int index, RuleSet rules) {
        int before = src.problems().size();
        String peeked = RuleLoader.peek(node, "name");
        String p = "tests[" + (peeked != null && !peeked.isBlank() ? peeked : String.valueOf(index)) + "]";
        Map<String, Node> m = src.mapping(node, p, CASE_KEYS);
        String name = caseName(src, node, m, p);
        Evidence evidence = readEvidence(src, node, m, p, before);
        Expectation expected = readExpectation(src, node, m, p, rules);
        if (src.problems().size() > before) {
            return null;
        }
        return new Case(src.line(node), name, evidence, expected);
    }

    /** The evidence a case describes: lines, probe output, exit, environment, facts (lines redacted like the daemon does). */
    private static Evidence readEvidence(YamlSource src, Node node, Map<String, Node> m, String p, int before) {
        List<String> lines = strings(src, m.get("lines"), p + ".lines", true);
        List<String> probe = strings(src, m.get("probe"), p + ".probe", true);
        List<String> neighborLogs = strings(src, m.get("neighbor_logs"), p + ".neighbor_logs", true);
        List<String> facts = strings(src, m.get("facts"), p + ".facts", true);
        knownFacts(src, m.get("facts"), p + ".facts", facts);
        Integer exitCode = exitCode(src, m.get("exit_code"), p + ".exit_code");
        boolean oom = oomKilled(src, m.get("oom_killed"), p + ".oom_killed");
        boolean container = m.containsKey("env") || m.containsKey("empty_env") || !facts.isEmpty() || !neighborLogs.isEmpty();
        Trigger trigger = exitCode != null || oom ? Trigger.DIE : container ? Trigger.UNHEALTHY : Trigger.LOG;
        if (m.containsKey("trigger")) {
            String t = src.scalar(m.get("trigger"), p + ".trigger");
            Optional<Trigger> known = Trigger.parseRuleSpelling(t);
            if (t != null && known.isEmpty()) {
                src.problem(m.get("trigger"), p + ".trigger", t, "is not one of: " + Condition.Trigger.spellings());
            }
            trigger = known.orElse(trigger);
        }
        List<String> env = envNames(src, m.get("env"), p + ".env");
        List<String> emptyEnv = envNames(src, m.get("empty_env"), p + ".empty_env");
        if (lines.isEmpty() && probe.isEmpty() && neighborLogs.isEmpty() && facts.isEmpty()
                && !m.containsKey("exit_code") && !m.containsKey("oom_killed")) {
            if (!m.containsKey("lines")) {
                src.problem(node, p + ".lines", null, "is missing: give lines, probe, neighbor_logs, facts, exit_code or oom_killed");
            } else if (src.problems().size() == before) {
                src.problem(m.get("lines"), p + ".lines", null, "is empty: give at least one line");
            }
        }
        Redactor redactor = Redactor.generic();
        Set<String> names = new LinkedHashSet<>(env);
        names.addAll(emptyEnv); // set but empty is still set
        return Evidence.builder().containerName("test").containerId(container ? "test" : "").trigger(trigger)
                .logLines(redactor.redactAll(lines)).probeOutputs(redactor.redactAll(probe)).exitCode(exitCode)
                .oomKilled(oom).envNames(names).emptyEnvNames(Set.copyOf(emptyEnv)).healthStatus(Health.UNHEALTHY)
                .facts(Set.copyOf(facts)).neighborLogs(redactor.redactAll(neighborLogs)).build();
    }

    /** What the case expects: {@code expect}, {@code also}, {@code not}, checked against the loaded rule ids. */
    private static Expectation readExpectation(YamlSource src, Node node, Map<String, Node> m, String p, RuleSet rules) {
        String expect = null;
        if (!m.containsKey("expect")) {
            src.problem(node, p + ".expect", null, "is missing (a rule id, or none)");
        } else {
            expect = src.scalar(m.get("expect"), p + ".expect");
            if (expect != null && !NONE.equals(expect)) {
                knownId(src, rules, m.get("expect"), p + ".expect", expect);
            }
        }
        List<String> also = ids(src, rules, m.get("also"), p + ".also");
        List<String> not = ids(src, rules, m.get("not"), p + ".not");
        if (NONE.equals(expect) && !also.isEmpty()) {
            src.problem(m.get("also"), p + ".also", null, "contradicts 'expect: none'");
        }
        if (expect != null && not.contains(expect)) {
            src.problem(m.get("not"), p + ".not", expect, "contradicts 'expect'");
        }
        return new Expectation(expect, also, not);
    }

    /** The case's name; reports it missing or empty. */
    private static String caseName(YamlSource src, Node node, Map<String, Node> m, String p) {
        String name = m.containsKey("name") ? src.scalar(m.get("name"), p + ".name") : null;
        if (name == null || name.isBlank()) {
            if (!m.containsKey("name")) {
                src.problem(node, p + ".name", null, "is missing");
            } else if (name != null) {
                src.problem(m.get("name"), p + ".name", null, "is empty");
            }
        }
        return name;
    }

    private static void knownFacts(YamlSource src, Node n, String p, List<String> facts) {
        for (String f : facts) {
            if (!io.dockmedic.evidence.Facts.ALL.containsKey(f)) {
                src.problem(n, p, f, "is not a known fact (known: "
                        + String.join(", ", new java.util.TreeSet<>(io.dockmedic.evidence.Facts.ALL.keySet())) + ")");
            }
        }
    }

    /** exit_code: 0 to 255, or null when absent or invalid (reported). */
    private static Integer exitCode(YamlSource src, Node n, String p) {
        String v = n == null ? null : src.scalar(n, p);
        if (v == null) {
            return null;
        }
        try {
            int code = Integer.parseInt(v);
            if (code < 0 || code > 255) {
                src.problem(n, p, v, "must be between 0 and 255");
            }
            return code;
        } catch (NumberFormatException e) {
            src.problem(n, p, v, "is not a whole number between 0 and 255");
            return null;
        }
    }

    /** oom_killed: true or false (false when absent or invalid, reported). */
    private static boolean oomKilled(YamlSource src, Node n, String p) {
        return n != null && src.bool(n, p);
    }

    private static List<String> ids(YamlSource src, RuleSet rules, Node n, String p) {
        List<String> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        for (Node item : src.sequence(n, p, true)) {
            String id = src.scalar(item, p);
            if (id != null && knownId(src, rules, item, p, id)) {
                out.add(id);
            }
        }
        return out;
    }

    private static boolean knownId(YamlSource src, RuleSet rules, Node at, String p, String id) {
        if (rules.rule(id).isEmpty()) {
            src.problem(at, p, id, "is not the id of a loaded rule");
            return false;
        }
        return true;
    }

    private static List<String> envNames(YamlSource src, Node n, String p) {
        List<String> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        for (Node item : src.sequence(n, p, true)) {
            String v = src.scalar(item, p);
            if (v == null) {
                continue;
            }
            if (!ENV_NAME.matcher(v).matches()) {
                src.problem(item, p, v, "is not an environment variable name");
            } else {
                out.add(v);
            }
        }
        return out;
    }

    /** A list of strings (one string is accepted as a one-item list when {@code lenient}). */
    private static List<String> strings(YamlSource src, Node n, String p, boolean lenient) {
        List<String> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        for (Node item : src.sequence(n, p, lenient)) {
            String s = src.scalar(item, p);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }
}
