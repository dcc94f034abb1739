package io.dockmedic.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.yaml.Problem;
import io.dockmedic.yaml.ProblemsException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rule test runner against a small rule set of its own (src/test/resources/rules/runner). */
class RuleTestRunnerTest {
    private static final Path DIR = Path.of("src/test/resources/rules/runner");
    private static RuleSet rules;

    @BeforeAll
    static void load() throws Exception {
        rules = RuleLoader.load(List.of(DIR.resolve("rules.yml")), false);
    }

    private static List<String> shown(List<RuleTestRunner.Result> results) {
        String prefix = DIR + java.io.File.separator;
        return results.stream().map(r -> r.toString().replace(prefix, "")).toList();
    }

    @Test
    void passingFile() throws Exception {
        List<RuleTestRunner.Result> results = RuleTestRunner.run(rules, DIR.resolve("pass.test.yml"));
        assertEquals(12, results.size());
        assertTrue(results.stream().allMatch(RuleTestRunner.Result::passed), String.join("\n", shown(results)));
        RuleTestRunner.Result first = results.get(0);
        assertEquals(DIR.resolve("pass.test.yml").toString(), first.file());
        assertEquals(2, first.line());
        assertEquals("top rule", first.name());
        assertEquals("got top db-password; matched [db-password]", first.message());
        assertEquals("got top pg-refused; matched [pg-refused, refused]", results.get(1).message());
    }

    @Test
    void failingFileExplainsEveryFailure() throws Exception {
        assertEquals(List.of(
                "fail.test.yml:2: PASS still passes: got top refused; matched [refused]",
                "fail.test.yml:5: FAIL wrong top rule: expected top rule refused (it matched, ranked 2); "
                        + "got top pg-refused; matched [pg-refused, refused]",
                "fail.test.yml:8: FAIL expected rule does not match at all: expected top rule db-password "
                        + "(it did not match); got top none",
                "fail.test.yml:11: FAIL something matched where nothing should: expected no rule to match; "
                        + "got top refused; matched [refused]",
                "fail.test.yml:14: FAIL also and not violated: expected db-password to match too; "
                        + "expected refused not to match; got top pg-refused; matched [pg-refused, refused]"),
                shown(RuleTestRunner.run(rules, DIR.resolve("fail.test.yml"))));
    }

    @Test
    void invalidFileReportsAllProblemsAtOnce() {
        ProblemsException e = assertThrows(ProblemsException.class,
                () -> RuleTestRunner.run(rules, DIR.resolve("invalid.test.yml")));
        String prefix = DIR + java.io.File.separator;
        assertEquals(List.of(
                "invalid.test.yml:2:5: tests[unknown key and missing expect].expect: is missing (a rule id, or none)",
                "invalid.test.yml:4:5: tests[unknown key and missing expect].expected: is not a known key (known: "
                        + "name, lines, probe, neighbor_logs, facts, exit_code, oom_killed, env, empty_env, trigger, expect, also, not)",
                "invalid.test.yml:7:13: tests[unknown rule ids].expect: \"no-such-rule\" is not the id of a loaded rule",
                "invalid.test.yml:8:21: tests[unknown rule ids].also: \"other-missing\" is not the id of a loaded rule",
                "invalid.test.yml:10:16: tests[bad exit code and flag].exit_code: \"999\" must be between 0 and 255",
                "invalid.test.yml:11:17: tests[bad exit code and flag].oom_killed: \"maybe\" must be true or false",
                "invalid.test.yml:13:5: tests[no input].lines: is missing: give lines, probe, neighbor_logs, facts, exit_code or oom_killed",
                "invalid.test.yml:18:11: tests[contradictions].also: contradicts 'expect: none'",
                "invalid.test.yml:21:22: tests[bad env names].env: \"bad-name\" is not an environment variable name",
                "invalid.test.yml:23:5: tests[6].name: is missing"),
                e.problems().stream().map(Problem::toString).map(s -> s.replace(prefix, "")).toList());
        assertTrue(e.getMessage().startsWith("invalid rule tests: 10 problems"), e.getMessage());
    }

    @Test
    void ruleFileIsNotATestFile() {
        ProblemsException e = assertThrows(ProblemsException.class,
                () -> RuleTestRunner.run(rules, DIR.resolve("rules.yml")));
        String prefix = DIR + java.io.File.separator;
        assertEquals(List.of(
                "rules.yml:2:1: rules: is not a known key (known: tests)",
                "rules.yml:2:1: tests: is missing: a rule test file has a top-level 'tests:' list"),
                e.problems().stream().map(Problem::toString).map(s -> s.replace(prefix, "")).toList());
    }

    @Test
    void runAllCollectsProblemsOfEveryFile() {
        ProblemsException e = assertThrows(ProblemsException.class, () -> RuleTestRunner.runAll(rules,
                List.of(DIR.resolve("pass.test.yml"), DIR.resolve("invalid.test.yml"), DIR.resolve("rules.yml"))));
        assertEquals(12, e.problems().size());
    }
}
