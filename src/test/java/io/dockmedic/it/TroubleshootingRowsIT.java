package io.dockmedic.it;

import static io.dockmedic.it.AgentHarness.absent;
import static io.dockmedic.it.AgentHarness.atLeast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The troubleshooting table's runtime rows on the real engine: a container prints real failure lines (from the
 * corpus) and fails its HEALTHCHECK; the in-process agent must export the right rule within 10 s of
 * the unhealthy transition, clear it when the container recovers, and never leak a secret.
 */
class TroubleshootingRowsIT {
    static AgentWithContainers fixture;
    static TestDocker docker;
    static AgentHarness agent;
    static String project;

    @BeforeAll
    static void start() throws Exception {
        fixture = AgentWithContainers.start();
        docker = fixture.docker;
        agent = fixture.agent;
        project = fixture.project("examplestack");
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("dbauth", "postgres-auth-failed", "db-auth", List.of(
                        "INFO:     Started server process [1]",
                        "psycopg2.OperationalError: connection to server at \"postgres\" (172.20.0.2), port 5432 failed: "
                                + "FATAL:  password authentication failed for user \"postgres\"")),
                Arguments.of("redis", "redis-connection-failed", "cache-unreachable", List.of(
                        "redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. Connection refused.")),
                Arguments.of("dashscope", "dashscope-api-key-missing", "api-key", List.of(
                        "Exception: DashScope embedding error: InvalidApiKey - Invalid API-key provided."))
        );
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("rows")
    void troubleshootingRowIsDiagnosedAndClears(String base, String rule, String category, List<String> lines) throws Exception {
        String secret = "S3cretPassw0rd-" + base;
        String name = docker.name(base);
        String id = docker.start(new TestDocker.Spec(name).compose(project, base).lines(lines)
                .env("DATABASE_URL=postgresql://app:" + secret + "@postgres:5432/app")
                .env("DASHSCOPE_API_KEY="));
        docker.awaitHealth(id, "unhealthy", Duration.ofSeconds(15));
        long unhealthyAt = System.nanoTime();
        String m = agent.await(Duration.ofSeconds(10), rule + " active for " + name,
                atLeast(1, "dockmedic_active_diagnosis", "container=\"" + name + "\"", "rule=\"" + rule + "\"",
                        "category=\"" + category + "\""));
        assertTrue(System.nanoTime() - unhealthyAt < Duration.ofSeconds(10).toNanos());
        assertTrue(agent.value("dockmedic_container_health_status", "container=\"" + name + "\"", "status=\"unhealthy\"") == 1.0);
        assertTrue(agent.value("dockmedic_diagnoses_total", "service=\"" + base + "\"", "rule=\"" + rule + "\"") >= 1.0);
        assertTrue(agent.value("dockmedic_unhealthy_transitions_total", "service=\"" + base + "\"") >= 1.0);
        assertFalse(m.contains(secret), "a secret leaked into /metrics");
        String api = agent.get("/api/v1/diagnoses");
        assertTrue(api.contains(rule), api);
        assertFalse(api.contains(secret), "a secret leaked into the API");
        assertFalse(m.contains(id), "a container id leaked into /metrics labels");

        docker.recover(id);
        agent.await(Duration.ofSeconds(10), rule + " cleared for " + name,
                absent("dockmedic_active_diagnosis", "container=\"" + name + "\""));
        assertEquals(1.0, agent.value("dockmedic_container_health_status", "container=\"" + name + "\"", "status=\"healthy\""));
        docker.remove(id);
        agent.await(Duration.ofSeconds(10), "series of removed " + name,
                absent("dockmedic_container_health_status", "container=\"" + name + "\""));
    }

    @Test
    void benignLogIsUnclassifiedNeverAFalseCause() throws Exception {
        String name = docker.name("benign");
        String id = docker.start(new TestDocker.Spec(name).compose(project, "benign").lines(List.of(
                "INFO:     Application startup complete.",
                "Found 0 errors. Watching for file changes.",
                "2026-01-10 14:28:12.503 UTC [1] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432",
                "1:M 25 May 2023 05:46:49.233 # Server initialized")));
        docker.awaitHealth(id, "unhealthy", Duration.ofSeconds(15));
        agent.await(Duration.ofSeconds(10), "unclassified for " + name,
                atLeast(1, "dockmedic_active_diagnosis", "container=\"" + name + "\"", "rule=\"unclassified\""));
        assertEquals(1.0, agent.value("dockmedic_active_diagnosis", "container=\"" + name + "\""),
                "exactly one active series, the unclassified one");
        assertTrue(agent.value("dockmedic_unclassified_total", "service=\"benign\"") >= 1.0);
        docker.remove(id);
    }
}
