package io.dockmedic.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.evidence.Evidence;
import io.dockmedic.state.Health;
import io.dockmedic.state.Trigger;
import io.dockmedic.yaml.Problem;
import io.dockmedic.yaml.ProblemsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Strict loading of rule files: exact problems with file:line:column, overrides and disabling. */
class RuleLoaderTest {
    private static final Path DIR = Path.of("src/test/resources/rules");

    /** Problems of loading one fixture, as printed, with the directory prefix removed. */
    private static List<String> problems(String file, boolean withBuiltins) {
        Path p = DIR.resolve(file);
        ProblemsException e = assertThrows(ProblemsException.class, () -> RuleLoader.load(List.of(p), withBuiltins));
        String prefix = DIR + java.io.File.separator;
        return e.problems().stream().map(Problem::toString).map(s -> s.replace(prefix, "")).toList();
    }

    private static List<String> problems(String file) {
        return problems(file, false);
    }

    private static final String RULE_KEYS =
            "id, category, severity, priority, confidence, title, cause, remedy, playbook, disabled, match, description";
    private static final String CONDITION_KEYS =
            "log, probe, line, exit_code, oom_killed, env_present, env_absent, env_empty, env_set_empty, trigger, "
                    + "service, image, fact, neighbor_log, all, any, not";

    @Test
    void unknownKey() {
        assertEquals(List.of(
                "invalid-unknown-key.yml:2:5: rules[typo-in-key].severity: is missing",
                "invalid-unknown-key.yml:4:5: rules[typo-in-key].severty: is not a known key (known: " + RULE_KEYS + ")",
                "invalid-unknown-key.yml:10:7: rules[typo-in-key].match.lines: is not a known key (known: "
                        + CONDITION_KEYS + ")"),
                problems("invalid-unknown-key.yml"));
    }

    @Test
    void badRegex() {
        assertEquals(List.of(
                "invalid-bad-regex.yml:9:12: rules[bad-regex].match.log: \"(unclosed group\" is not a valid RE2 "
                        + "regular expression (linear time: no backreferences or lookaround): missing closing )"),
                problems("invalid-bad-regex.yml"));
    }

    @Test
    void lookaheadIsNotRe2() {
        assertEquals(List.of(
                "invalid-lookahead.yml:9:12: rules[lookahead].match.log: \"error(?! 0)\" is not a valid RE2 "
                        + "regular expression (linear time: no backreferences or lookaround): invalid or unsupported Perl syntax"),
                problems("invalid-lookahead.yml"));
    }

    @Test
    void duplicateId() {
        assertEquals(List.of(
                "invalid-duplicate-id.yml:10:5: rules[same-id].id: \"same-id\" is defined twice in user rule files"),
                problems("invalid-duplicate-id.yml"));
    }

    @Test
    void unknownCategory() {
        assertEquals(List.of(
                "invalid-unknown-category.yml:3:15: rules[wrong-category].category: \"database\" is not one of: "
                        + String.join(", ", Category.ids().subList(0, Category.ids().size() - 1))),
                problems("invalid-unknown-category.yml"));
    }

    @Test
    void missingEnglishTitle() {
        assertEquals(List.of(
                "invalid-missing-title-en.yml:5:12: rules[no-english-title].title.en: is missing or empty"),
                problems("invalid-missing-title-en.yml"));
    }

    @Test
    void emptyMatch() {
        assertEquals(List.of(
                "invalid-empty-match.yml:8:12: rules[empty-match].match: is empty: give at least one condition ("
                        + CONDITION_KEYS + ")"),
                problems("invalid-empty-match.yml"));
    }

    @Test
    void onlyNotMatch() {
        assertEquals(List.of(
                "invalid-only-not.yml:9:7: rules[only-not].match: has only 'not' conditions: it would match every container"),
                problems("invalid-only-not.yml"));
    }

    @Test
    void badExitCode() {
        assertEquals(List.of(
                "invalid-bad-exit-code.yml:10:22: rules[bad-exit-code].match.any[0].exit_code: \"300\" must be between 0 and 255, or nonzero",
                "invalid-bad-exit-code.yml:11:26: rules[bad-exit-code].match.any[1].exit_code: \"sometimes\" must be a whole number between 0 and 255, or nonzero"),
                problems("invalid-bad-exit-code.yml"));
    }

    @Test
    void severalErrorsAtOnce() {
        assertEquals(List.of(
                "invalid-several.yml:2:9: rules[Bad_Id].id: \"Bad_Id\" must be lowercase letters, digits and dashes (at most 64)",
                "invalid-several.yml:4:15: rules[Bad_Id].severity: \"fatal\" is not one of: critical, warning, info",
                "invalid-several.yml:5:15: rules[Bad_Id].priority: \"2000\" must be between 0 and 1000",
                "invalid-several.yml:6:17: rules[Bad_Id].confidence: \"1.5\" must be a number in (0, 1]",
                "invalid-several.yml:8:12: rules[Bad_Id].cause.en: is missing or empty",
                "invalid-several.yml:9:32: rules[Bad_Id].remedy.fr: is not a known key (known: en, zh)",
                "invalid-several.yml:11:12: rules[Bad_Id].match.log: \"\" is an empty pattern: it would match every line",
                "invalid-several.yml:12:20: rules[Bad_Id].match.env_present: \"NOT-A-NAME\" is not an environment variable name",
                "invalid-several.yml:13:19: rules[Bad_Id].match.oom_killed: \"yes\" must be true or false",
                "invalid-several.yml:14:5: rules[1].id: is missing",
                "invalid-several.yml:28:13: rules[matches-everything].match.line: \".*\" matches the empty line: it would match every line"),
                problems("invalid-several.yml"));
    }

    @Test
    void problemsNameTheFileNotOnlyThePosition() throws Exception {
        ProblemsException e = assertThrows(ProblemsException.class,
                () -> RuleLoader.load(List.of(DIR.resolve("invalid-several.yml")), false));
        assertTrue(e.getMessage().startsWith("invalid rules: 11 problems\n"), e.getMessage());
        assertTrue(e.problems().stream().allMatch(p -> p.where().contains("invalid-several.yml:")), e.getMessage());
    }

    @Test
    void userRuleOverridesBuiltinById() throws Exception {
        RuleSet builtin = RuleLoader.builtin();
        RuleSet merged = RuleLoader.load(List.of(DIR.resolve("user-override.yml")), true);
        assertEquals(builtin.size() + 1, merged.size(), "one rule replaced, one added");
        Rule r = merged.rule("postgres-auth-failed").orElseThrow();
        assertEquals("Our own text", r.title().en());
        assertEquals("我们自己的说明", r.title().zh());
        assertEquals(99, r.priority());
        assertEquals(Severity.WARNING, r.severity());
        assertTrue(r.source().contains("user-override.yml:"), r.source());
        assertTrue(merged.rule("team-specific").isPresent());
        // the replaced rule is the one that runs
        List<RuleMatch> m = merged.classify(Evidence.ofLog("t",
                List.of("FATAL:  password authentication failed for user \"app\"")));
        assertEquals("postgres-auth-failed", m.get(0).rule().id());
        assertEquals("Ask the DBA team.", m.get(0).rule().remedy().en());
    }

    @Test
    void disabledTurnsBuiltinOff() throws Exception {
        RuleSet builtin = RuleLoader.builtin();
        assertTrue(builtin.rule("python-traceback").isPresent());
        RuleSet merged = RuleLoader.load(List.of(DIR.resolve("user-disable.yml")), true);
        assertEquals(builtin.size() - 1, merged.size());
        assertFalse(merged.rule("python-traceback").isPresent());
        assertTrue(merged.classify(Evidence.ofLog("t", List.of("Traceback (most recent call last):"))).isEmpty());
    }

    @Test
    void disablingUnknownIdIsAnError() {
        assertEquals(List.of(
                "invalid-disable-unknown.yml:2:5: rules[no-such-builtin-rule].disabled: \"true\" turns off a rule that "
                        + "does not exist; give the full rule or the id of a built-in"),
                problems("invalid-disable-unknown.yml", true));
    }

    @Test
    void directoriesSkipTestFiles() throws Exception {
        // a rules directory may hold *.test.yml files next to the rules: they are not rule files
        RuleSet set = RuleLoader.load(List.of(Path.of("src/main/resources/rules/builtin")), false);
        assertEquals(RuleLoader.builtin().size(), set.size());
    }

    @Test
    void unclassifiedIsReserved() {
        assertEquals(List.of(
                "invalid-reserved-category.yml:3:15: rules[catch-all].category: \"unclassified\" is reserved for failures "
                        + "no rule matched; pick the category of the cause"),
                problems("invalid-reserved-category.yml"));
    }

    @Test
    void badConditionsAreAllReportedInOrder() {
        assertEquals(List.of(
                "invalid-conditions.yml:10:40: rules[bad-conditions].match.any[0].log.unless: \"(unclosed\" is not a valid "
                        + "RE2 regular expression (linear time: no backreferences or lookaround): missing closing )",
                "invalid-conditions.yml:11:16: rules[bad-conditions].match.any[1].log.match: is missing: give the pattern "
                        + "a line must match",
                "invalid-conditions.yml:12:32: rules[bad-conditions].match.any[2].log.unles: is not a known key (known: "
                        + "match, unless)",
                "invalid-conditions.yml:13:42: rules[bad-conditions].match.any[3].probe.unless: \"x{1,500}\" uses the "
                        + "counted repetition {1,500}: RE2 copies the repeated part once per count, which makes every line "
                        + "slow to match; use * or + instead (RE2 never backtracks, so they are safe), or a count of at most 20",
                "invalid-conditions.yml:14:26: rules[bad-conditions].match.any[4].trigger: \"restart\" is not one of: "
                        + "unhealthy, die, oom, oom-no-die, reconcile, manual, log",
                "invalid-conditions.yml:15:26: rules[bad-conditions].match.any[5].env_set_empty: \"NOT-A-NAME\" is not an "
                        + "environment variable name",
                "invalid-conditions.yml:16:17: rules[bad-conditions].match.any[6].line: \"((ab{20}){20}){20}\" compiles to "
                        + "9242 RE2 instructions (at most 2000): nested or long counted repetitions multiply, and every "
                        + "character of every line would pay for them; use * or +, or split the pattern"),
                problems("invalid-conditions.yml"));
    }

    private static Evidence container(Trigger trigger, Integer exit, Set<String> env, Set<String> empty, String... lines) {
        return Evidence.builder().containerName("app").containerId("c0ffee").service("app").image("app:1")
                .trigger(trigger).logLines(List.of(lines)).exitCode(exit).envNames(env).emptyEnvNames(empty)
                .healthStatus(Health.UNHEALTHY).build();
    }

    private static List<String> ids(List<RuleMatch> matches) {
        return matches.stream().map(m -> m.rule().id()).toList();
    }

    @Test
    void unlessExcludesOnlyTheLineItMatches() throws Exception {
        RuleSet set = RuleLoader.load(List.of(DIR.resolve("conditions.yml")), false);
        assertEquals(List.of(), ids(set.classify(Evidence.ofLog("t",
                List.of("pool: connection refused, retrying in 2s")))));
        // another line of the same log still counts: 'not' would have excluded the whole log
        List<RuleMatch> m = set.classify(Evidence.ofLog("t",
                List.of("pool: connection refused, retrying in 2s", "fatal: connection refused")));
        assertEquals(List.of("refused-not-in-tests"), ids(m));
        assertEquals(List.of("fatal: connection refused"), m.get(0).evidence());
    }

    @Test
    void envSetEmptyNeedsTheVariableSetButEmpty() throws Exception {
        RuleSet set = RuleLoader.load(List.of(DIR.resolve("conditions.yml")), false);
        assertEquals(List.of("key-set-empty"), ids(set.classify(
                container(Trigger.UNHEALTHY, null, Set.of("API_KEY"), Set.of("API_KEY"), "HTTP 401"))));
        assertEquals(List.of(), ids(set.classify(container(Trigger.UNHEALTHY, null, Set.of(), Set.of(), "HTTP 401"))));
        assertEquals(List.of(), ids(set.classify(container(Trigger.UNHEALTHY, null, Set.of("API_KEY"), Set.of(), "HTTP 401"))));
        assertEquals(List.of(), ids(set.classify(Evidence.ofLog("t", List.of("HTTP 401")))), "no container, no env");
    }

    @Test
    void triggerTellsExitsSeenFromStopsAskedFor() throws Exception {
        RuleSet set = RuleLoader.load(List.of(DIR.resolve("conditions.yml")), false);
        assertEquals(List.of("killed-unasked"), ids(set.classify(container(Trigger.DIE, 137, Set.of(), Set.of()))));
        assertEquals(List.of(), ids(set.classify(container(Trigger.MANUAL, 137, Set.of(), Set.of()))));
    }

    @Test
    void leavesCountTheConditionsThatHeld() throws Exception {
        RuleSet set = RuleLoader.load(List.of(DIR.resolve("conditions.yml")), false);
        RuleMatch logOnly = set.classify(Evidence.ofLog("t", List.of("worker crashed"))).get(0);
        assertEquals(1, logOnly.leaves(), "the 3-condition branch did not hold");
        RuleMatch died = set.classify(container(Trigger.DIE, 1, Set.of(), Set.of(), "worker crashed")).get(0);
        assertEquals("one-of-many", died.rule().id());
        assertEquals(3, died.leaves(), "the best branch that held: log, exit code and trigger");
        RuleMatch envRule = set.classify(container(Trigger.UNHEALTHY, null, Set.of("API_KEY"), Set.of("API_KEY"), "401")).get(0);
        assertEquals(2, envRule.leaves());
    }
}
