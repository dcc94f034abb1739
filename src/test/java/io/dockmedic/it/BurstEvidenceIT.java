package io.dockmedic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A burst of failures in one compose stack on the real engine, diagnosed while each diagnosis reads its own logs
 * at the same time as its stack, and its neighbour's logs: every report is still whole. Eight app containers that
 * depend on a postgres service turn unhealthy together; the rule that names the cause
 * ({@code postgres-volume-password-stale}) needs all three: the stack probe's fact (the app's DATABASE_URL and
 * postgres' POSTGRES_PASSWORD agree), the neighbour's log (postgres rejects the password) and the app's own log;
 * the report also carries the failing probe's output and the compose labels.
 */
class BurstEvidenceIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int APPS = 8;

    @Test
    void everyReportOfABurstIsWhole() throws Exception {
        String project = "i18-burst-" + UUID.randomUUID().toString().substring(0, 6);
        try (TestDocker docker = new TestDocker(); AgentHarness agent = new AgentHarness(docker.host())) {
            String postgres = docker.start(new TestDocker.Spec(project + "-postgres-1").compose(project, "postgres")
                    .env("POSTGRES_PASSWORD=Burst123")
                    .lines(List.of("database system is ready to accept connections",
                            "FATAL:  password authentication failed for user \"app\"")));
            docker.recover(postgres);
            List<String> apps = new ArrayList<>();
            for (int i = 1; i <= APPS; i++) {
                apps.add(docker.start(new TestDocker.Spec(project + "-app" + i + "-1").compose(project, "app" + i)
                        .label("com.docker.compose.depends_on", "postgres:service_healthy:false")
                        .env("DATABASE_URL=postgresql://app:Burst123@postgres:5432/app")
                        .lines(List.of("app" + i + " starting", "psycopg2.OperationalError: connection to server at "
                                + "\"postgres\", port 5432 failed: FATAL:  password authentication failed for user \"app\""))));
            }
            agent.await(WAIT, "all " + APPS + " apps diagnosed", h -> {
                try {
                    return active(h, project).size() >= APPS;
                } catch (Exception e) {
                    return false;
                }
            });
            for (JsonNode report : active(agent, project)) {
                String service = report.path("service").asText();
                assertTrue(service.startsWith("app"), report.toString());
                assertEquals("postgres-volume-password-stale", report.path("diagnoses").path(0).path("rule").asText(),
                        report.toString());
                String text = report.toString();
                assertTrue(text.contains(service + " starting") || text.contains("psycopg2.OperationalError"),
                        "the app's own log: " + text);
                assertTrue(text.contains("postgres | FATAL:  password authentication failed"), "the neighbour's log: " + text);
                // the probe's own words, or the engine's when a loaded machine timed the probe out
                JsonNode probes = report.path("probes").path("results");
                assertTrue(probes.size() > 0 && !probes.path(probes.size() - 1).path("output").asText().isBlank()
                        && probes.path(probes.size() - 1).path("exit_code").asInt() != 0, "the failing probe's output: " + text);
                assertEquals(project, report.path("project").asText(), text);
            }
            for (String app : apps) {
                assertEquals("unhealthy", docker.health(app));
            }
        }
    }

    /** The agent's active reports of the project's apps, from /api/v1/diagnoses. */
    private static List<JsonNode> active(AgentHarness agent, String project) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(agent.get("/api/v1/diagnoses?project=" + project)).path("active").forEach(r -> {
            if (r.path("service").asText().startsWith("app")) {
                out.add(r);
            }
        });
        return out;
    }
}
