package io.dockmedic.it;

import static io.dockmedic.it.AgentHarness.absent;
import static io.dockmedic.it.AgentHarness.atLeast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The troubleshooting table reproduced for real: a PostgreSQL/Redis/app/dependent stack on
 * the real engine, each case from a clean stack. The agent must name the exact rule within 15 s of
 * the unhealthy event, mark the dependent as a symptom of the app, clear everything once fixed, and
 * never show a secret value in metrics, logs or JSON.
 */
class StackIT {
    static final Duration DIAGNOSIS = Duration.ofSeconds(15);
    static final String OLD = "MyDbPass123";
    static final String NEW = "N3wS3cretPass";
    static final String KEY = "sk-test0123456789abcdefTESTKEY";

    static AgentHarness agent;
    StackHarness stack;

    @BeforeAll
    static void startAgent() throws Exception {
        agent = new AgentHarness(TestDocker.engineHost());
    }

    @AfterAll
    static void stopAgent() {
        agent.close();
    }

    @BeforeEach
    void newStack() throws Exception {
        stack = new StackHarness();
    }

    @AfterEach
    void removeStack() throws Exception {
        stack.close();
    }

    private String app(String dbPassword, String redisUrl, boolean key) {
        List<String> env = new java.util.ArrayList<>(List.of(
                "DATABASE_URL=postgresql://app:" + dbPassword + "@postgres:5432/app",
                "REDIS_URL=" + redisUrl));
        env.add(key ? "DASHSCOPE_API_KEY=" + KEY : "DASHSCOPE_API_KEY=");
        return stack.app(env);
    }

    private void awaitRule(String service, String rule, String appId) throws Exception {
        stack.awaitHealth(appId, "unhealthy", Duration.ofSeconds(60));
        agent.await(DIAGNOSIS, rule + " for " + service, atLeast(1, "dockmedic_active_diagnosis",
                "project=\"" + stack.project + "\"", "service=\"" + service + "\"", "rule=\"" + rule + "\""));
    }

    private void assertNoSecretAnywhere() throws Exception {
        String everything = agent.metrics() + agent.get("/api/v1/diagnoses") + AgentHarness.logs();
        assertTrue(AgentHarness.logs().contains("diagnosis "), "the agent's log lines are captured");
        for (String secret : List.of(OLD, NEW, KEY)) {
            assertFalse(everything.contains(secret), "secret value leaked: " + secret);
        }
    }

    @Test
    void passwordMismatchBetweenPostgresAndDatabaseUrl() throws Exception {
        stack.postgres(OLD, stack.volume("pgdata"));
        stack.redis();
        String app = app(NEW, "redis://redis:6379/0", true);
        awaitRule("app", "postgres-password-mismatch", app);
        assertNoSecretAnywhere();
        // the CLI sees the same stack context as the agent, and prints no secret either
        String out = cli("diagnose", "--format", "json", app);
        assertTrue(out.startsWith("0\n")
                && java.util.regex.Pattern.compile("\"rule\"\\s*:\\s*\"postgres-password-mismatch\"").matcher(out).find(), out);
        for (String secret : List.of(OLD, NEW, KEY)) {
            assertFalse(out.contains(secret), "secret value leaked by the CLI: " + secret);
        }
    }

    /** Runs the shipped jar; returns its exit code, a newline and its output (stdout and stderr). */
    private static String cli(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", "target/dockmedic.jar"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("DOCKMEDIC_"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the CLI ended");
        return p.exitValue() + "\n" + out;
    }

    @Test
    void volumeInitialisedWithAnOlderPassword() throws Exception {
        String volume = stack.volume("pgdata");
        String first = stack.postgres(OLD, volume);
        stack.awaitHealth(first, "healthy", Duration.ofSeconds(60));
        stack.remove(first);
        // both passwords changed to the same new value: the volume still holds the old one
        stack.postgres(NEW, volume);
        stack.redis();
        String app = app(NEW, "redis://redis:6379/0", true);
        awaitRule("app", "postgres-volume-password-stale", app);
        String api = agent.get("/api/v1/diagnoses");
        assertTrue(api.contains("down -v"), "the remedy names the data-loss option");
        assertNoSecretAnywhere();
    }

    @Test
    void redisUrlAtLocalhost() throws Exception {
        stack.postgres(OLD, stack.volume("pgdata"));
        stack.redis();
        String app = app(OLD, "redis://localhost:6379/0", true);
        awaitRule("app", "redis-url-misconfigured", app);
        assertNoSecretAnywhere();
    }

    @Test
    void dashscopeKeyUnset() throws Exception {
        stack.postgres(OLD, stack.volume("pgdata"));
        stack.redis();
        String app = app(OLD, "redis://redis:6379/0", false);
        awaitRule("app", "dashscope-api-key-missing", app);
        assertNoSecretAnywhere();
    }

    @Test
    void dependentIsASymptomOfTheAppAndFixingClearsEverything() throws Exception {
        String pg = stack.postgres(OLD, stack.volume("pgdata"));
        stack.redis();
        String app = app(NEW, "redis://redis:6379/0", true);
        String dependent = stack.dependent();
        awaitRule("app", "postgres-password-mismatch", app);
        stack.awaitHealth(dependent, "unhealthy", Duration.ofSeconds(60));
        agent.await(DIAGNOSIS, "dependent diagnosed", atLeast(1, "dockmedic_active_diagnosis",
                "project=\"" + stack.project + "\"", "service=\"prometheus\""));
        agent.await(DIAGNOSIS, "exactly one root cause", h -> {
            try {
                return h.samples("dockmedic_root_cause").stream().filter(s -> s.contains(stack.project)).count() == 1
                        && h.value("dockmedic_root_cause", "project=\"" + stack.project + "\"", "service=\"app\"") == 1.0;
            } catch (Exception e) {
                return false;
            }
        });
        String api = agent.get("/api/v1/diagnoses");
        assertTrue(api.contains("\"symptom_of\":\"app\""), api);

        // fix: the app gets the right password; every active diagnosis of the stack clears
        stack.remove(app);
        String fixed = app(OLD, "redis://redis:6379/0", true);
        stack.awaitHealth(fixed, "healthy", Duration.ofSeconds(60));
        stack.awaitHealth(dependent, "healthy", Duration.ofSeconds(60));
        agent.await(DIAGNOSIS, "all diagnoses of the stack cleared",
                absent("dockmedic_active_diagnosis", "project=\"" + stack.project + "\""));
        assertTrue(stack.health(pg).equals("healthy"));
        assertEquals(0.0, agent.value("dockmedic_root_cause", "project=\"" + stack.project + "\""));
        assertNoSecretAnywhere();
    }
}
