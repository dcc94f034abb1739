package io.dockmedic.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.config.ConfigLoader;
import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule files change under a running agent: a good file is loaded, a bad one keeps the old set and
 * sets dockmedic_rules_reload_success 0, fixing it sets 1 again. The engine is one that never
 * answers (the watcher keeps retrying): only the rule side is under test.
 */
class RuleReloaderTest {
    private static final String RULE = """
            rules:
              - id: team-rule
                category: crash
                severity: warning
                title: {en: "Team rule", zh: "团队规则"}
                cause: {en: "c", zh: "c"}
                remedy: {en: "r", zh: "r"}
                match:
                  log: '%s'
            """;

    /** An engine that is never reachable. */
    private static final class Unreachable implements Engine {
        private static EngineException down() {
            return new EngineException("no engine in this test", null);
        }

        @Override
        public Subscription events(long sinceNanos, long untilNanos, EventSink sink) throws EngineException {
            throw down();
        }

        @Override
        public List<String> runningContainerIds() throws EngineException {
            throw down();
        }

        @Override
        public Optional<ContainerInfo> inspect(String idOrName) throws EngineException {
            throw down();
        }

        @Override
        public List<String> logs(String id, long sinceEpochSeconds, int tail) throws EngineException {
            throw down();
        }

        @Override
        public String ping() throws EngineException {
            throw down();
        }

        @Override
        public void close() {
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertTrue(condition.getAsBoolean(), "waited 15 s for " + what);
    }

    private static double gauge(Agent agent, String name) {
        return agent.registry().get(name).gauge().value();
    }

    @Test
    void aChangedRuleFileIsReloadedAndABadOneKeepsTheOldSet(@TempDir Path dir, @TempDir Path state) throws Exception {
        var config = ConfigLoader.load(null, Map.of(), Map.of("http.listen", "127.0.0.1:0", "rules.dirs", dir.toString(),
                "state_dir", state.toString(), "docker.host", "tcp://127.0.0.1:9", "docker.allow_plain_tcp", "true"));
        try (Agent agent = new Agent(config, new Unreachable()).start()) {
            int builtins = agent.rules().size();
            Path file = dir.resolve("team.yml");

            Files.writeString(file, RULE.formatted("team failure"), StandardCharsets.UTF_8);
            await("the new rule", () -> agent.rules().rule("team-rule").isPresent());
            assertEquals(builtins + 1, gauge(agent, "dockmedic.rules.loaded"));
            assertEquals(1.0, gauge(agent, "dockmedic.rules.reload.success"));

            Files.writeString(file, RULE.formatted("(unclosed"), StandardCharsets.UTF_8);
            await("the failed reload", () -> gauge(agent, "dockmedic.rules.reload.success") == 0.0);
            assertTrue(agent.rules().rule("team-rule").isPresent(), "the old set stays in use");
            assertEquals("team failure", ((io.dockmedic.rules.Condition.LinePattern)
                    agent.rules().rule("team-rule").orElseThrow().match()).text());
            assertEquals(builtins + 1, gauge(agent, "dockmedic.rules.loaded"));

            Files.writeString(file, RULE.formatted("team crash"), StandardCharsets.UTF_8);
            await("the fixed file", () -> gauge(agent, "dockmedic.rules.reload.success") == 1.0);
            assertEquals("team crash", ((io.dockmedic.rules.Condition.LinePattern)
                    agent.rules().rule("team-rule").orElseThrow().match()).text());

            Files.delete(file);
            await("the rule to go", () -> agent.rules().rule("team-rule").isEmpty());
            assertEquals(builtins, gauge(agent, "dockmedic.rules.loaded"));

            // the unclassified clusters are served next to the diagnoses (none yet: no engine)
            var http = java.net.http.HttpClient.newHttpClient();
            var r = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + agent.port() + "/api/v1/unclassified")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("{\"clusters\":[]}", r.body());
        }
    }

    /** The first rules compile while the agent starts; a bad file still fails the start (the daemon exits 2). */
    @Test
    void aBadRuleFileFailsTheStartAndGoodOnesAreCountedWithTheJvmMetrics(@TempDir Path dir, @TempDir Path state)
            throws Exception {
        var config = ConfigLoader.load(null, Map.of(), Map.of("http.listen", "127.0.0.1:0", "rules.dirs", dir.toString(),
                "state_dir", state.toString(), "docker.host", "tcp://127.0.0.1:9", "docker.allow_plain_tcp", "true"));
        Files.writeString(dir.resolve("team.yml"), RULE.formatted("(unclosed"), StandardCharsets.UTF_8);
        Agent bad = new Agent(config, new Unreachable());
        try {
            var e = org.junit.jupiter.api.Assertions.assertThrows(io.dockmedic.yaml.ProblemsException.class, bad::start);
            assertTrue(e.getMessage().contains("team.yml"), e.getMessage());
        } finally {
            bad.close();
        }
        Files.writeString(dir.resolve("team.yml"), RULE.formatted("team failure"), StandardCharsets.UTF_8);
        try (Agent agent = new Agent(config, new Unreachable()).start()) {
            assertEquals(agent.rules().size(), gauge(agent, "dockmedic.rules.loaded"));
            assertTrue(agent.registry().find("jvm.memory.used").gauge() != null, "the JVM's metrics are bound");
        }
    }

    private static final String PLAYBOOK = """
            playbooks:
              - name: team-restart
                steps:
                  - do: restart
                    timeout: %s
                  - do: wait-healthy
                    timeout: 30s
            """;

    private static double counter(Agent agent, String name) {
        return agent.registry().get(name).counter().count();
    }

    @Test
    void aChangedPlaybookFileIsReloadedAndABadOneKeepsTheOldPlaybooksAndIsCounted(@TempDir Path dir, @TempDir Path state)
            throws Exception {
        var config = ConfigLoader.load(null, Map.of(), Map.of("http.listen", "127.0.0.1:0", "rules.dirs", "",
                "remediation.playbook_dirs", dir.toString(), "state_dir", state.toString(), "docker.host", "tcp://127.0.0.1:9",
                "docker.allow_plain_tcp", "true"));
        try (Agent agent = new Agent(config, new Unreachable()).start()) {
            assertTrue(agent.playbooks().containsKey("restart"));
            Path file = dir.resolve("team.yml");

            Files.writeString(file, PLAYBOOK.formatted("5s"), StandardCharsets.UTF_8);
            await("the new playbook", () -> agent.playbooks().containsKey("team-restart")
                    && gauge(agent, "dockmedic.playbooks.reload.success") == 1.0);

            Files.writeString(file, PLAYBOOK.formatted("five seconds"), StandardCharsets.UTF_8);
            await("the failed reload", () -> gauge(agent, "dockmedic.playbooks.reload.success") == 0.0);
            assertEquals(1.0, counter(agent, "dockmedic.playbooks.reload.failures"));
            assertEquals(java.time.Duration.ofSeconds(5),
                    agent.playbooks().get("team-restart").steps().get(0).timeout(), "the old playbooks stay in use");
            assertTrue(agent.playbooks().containsKey("restart"));

            Files.delete(file);
            await("the playbook to go, the reload a success", () -> !agent.playbooks().containsKey("team-restart")
                    && gauge(agent, "dockmedic.playbooks.reload.success") == 1.0);
            assertTrue(agent.playbooks().containsKey("restart"), "built-ins always there");
        }
    }
}
