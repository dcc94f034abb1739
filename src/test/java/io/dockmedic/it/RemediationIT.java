package io.dockmedic.it;

import static io.dockmedic.it.AgentHarness.absent;
import static io.dockmedic.it.AgentHarness.atLeast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockmedic.cli.Main;
import io.dockmedic.journal.Journal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Remediation in enforce mode on the real engine, with tiny envelope values: a container that
 * recovers after one restart, one that never does (budget, growing back-off, breaker, alert), one
 * not opted in, one ignored; a slow webhook receiver blocks nothing.
 */
class RemediationIT {
    static final String SECRET = "Sup3rSecretPw-remed";
    static TestDocker docker;
    static AgentWithContainers fixture;
    static AgentHarness agent;
    static WebhookReceiver alerts;
    static WebhookReceiver slow;
    static Path state;
    static String project;

    @BeforeAll
    static void start() throws Exception {
        alerts = new WebhookReceiver(Duration.ZERO);
        slow = new WebhookReceiver(Duration.ofSeconds(20));
        Path playbooks = Files.createTempDirectory("dockmedic-playbooks");
        Files.writeString(playbooks.resolve("test.yml"), """
                playbooks:
                  - name: fast
                    steps:
                      - do: restart
                        timeout: 1s
                      - do: wait-healthy
                        timeout: 1500ms
                  - name: patient
                    steps:
                      - do: restart
                        timeout: 1s
                      - do: wait-healthy
                        timeout: 90s
                  - name: slowhook-then-restart
                    steps:
                      - do: webhook
                        url: %s
                      - do: restart
                        timeout: 1s
                      - do: wait-healthy
                        timeout: 30s
                """.formatted(slow.url()));
        state = Files.createTempDirectory("dockmedic-state");
        Map<String, String> o = new HashMap<>();
        o.put("state_dir", state.toString());
        o.put("remediation.mode", "enforce");
        o.put("remediation.playbook_dirs", playbooks.toString());
        o.put("remediation.grace_period", "300ms");
        o.put("remediation.budget", "3");
        o.put("remediation.project_limit", "20");
        o.put("remediation.backoff_initial", "1s");
        o.put("remediation.backoff_max", "4s");
        o.put("remediation.webhook_url", alerts.url());
        fixture = AgentWithContainers.start(o);
        docker = fixture.docker;
        agent = fixture.agent;
        project = fixture.project("remed");
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
        if (alerts != null) {
            alerts.close();
            slow.close();
        }
    }

    private static String start(String service, TestDocker.Spec spec) {
        return docker.start(spec.compose(project, service)
                .lines(List.of("redis.exceptions.ConnectionError: Error 111 connecting to redis:6379. Connection refused.",
                        "using DATABASE_URL=postgresql://app:" + SECRET + "@db:5432/app"))
                .env("DATABASE_URL=postgresql://app:" + SECRET + "@db:5432/app"));
    }

    private static List<ObjectNode> journal(String service, String type) throws Exception {
        return Journal.read(state).stream()
                .filter(r -> service.equals(r.path("service").asText()) && type.equals(r.path("type").asText())).toList();
    }

    @Test
    void recoversAfterOneRestartDespiteASlowWebhook() throws Exception {
        String name = docker.name("once");
        String id = start("once", new TestDocker.Spec(name).countBoots().recoversAfterOneRestart()
                .label("dockmedic.remediate", "true").label("dockmedic.playbook", "slowhook-then-restart"));
        String svc = "service=\"once\"";
        agent.await(Duration.ofSeconds(120), "succeeded for once",
                atLeast(1, "dockmedic_remediations_total", svc, "outcome=\"succeeded\"", "playbook=\"slowhook-then-restart\""));
        agent.await(Duration.ofSeconds(10), "diagnosis cleared", absent("dockmedic_active_diagnosis", "container=\"" + name + "\""));
        assertEquals(1, docker.restarts(id));
        assertEquals("healthy", docker.health(id));
        assertEquals(0.0, agent.value("dockmedic_remediations_total", svc, "outcome=\"failed\""));
        assertTrue(slow.bodies().size() >= 1, "the slow receiver got the notify step (and is still answering it)");
        assertFalse(slow.bodies().get(0).contains(SECRET), slow.bodies().get(0));
        assertEquals(0.0, agent.value("dockmedic_remediation_circuit_open", svc));
    }

    @Test
    void neverRecoversRestartsExactlyBudgetTimesThenBreakerAndAlert() throws Exception {
        String name = docker.name("never");
        String id = start("never", new TestDocker.Spec(name).countBoots().label("dockmedic.remediate", "true").label("dockmedic.playbook", "fast"));
        String svc = "service=\"never\"";
        agent.await(Duration.ofSeconds(150), "circuit open for never", atLeast(1, "dockmedic_remediation_circuit_open", svc));
        assertEquals(3.0, agent.value("dockmedic_remediations_total", svc, "outcome=\"failed\""));
        assertEquals(3, docker.restarts(id));
        List<Instant> starts = journal("never", "action").stream().map(r -> Instant.parse(r.path("time").asText())).toList();
        List<Instant> failed = journal("never", "decision").stream().filter(r -> "failed".equals(r.path("outcome").asText()))
                .map(r -> Instant.parse(r.path("time").asText())).toList();
        assertEquals(3, starts.size());
        Duration gap1 = Duration.between(failed.get(0), starts.get(1));
        Duration gap2 = Duration.between(failed.get(1), starts.get(2));
        assertTrue(gap1.toMillis() >= 1000 && gap2.toMillis() >= 2000 && gap2.compareTo(gap1) > 0,
                "back-off grows: " + gap1 + " then " + gap2);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (alerts.bodies().stream().noneMatch(b -> b.contains("\"circuit_open\"") && b.contains("\"never\""))) {
            assertTrue(System.nanoTime() < deadline, "no circuit_open alert delivered: " + alerts.bodies());
            Thread.sleep(100);
        }
        assertEquals(3, alerts.bodies().stream().filter(b -> b.contains("\"escalation\"") && b.contains("\"never\"")).count());
        alerts.bodies().forEach(b -> assertFalse(b.contains(SECRET), "secret in a webhook: " + b));
        assertTrue(alerts.bodies().stream().anyMatch(b -> b.contains("redis-connection-failed")), "diagnosis in the alert");
        Thread.sleep(3000);
        assertEquals(3, docker.restarts(id), "no restart once the breaker is open");
        assertTrue(agent.value("dockmedic_remediations_total", svc, "outcome=\"blocked\"") >= 1.0);
        assertEquals("open", journal("never", "circuit").get(0).path("state").asText());
        assertFalse(Files.readString(state.resolve(Journal.FILE)).contains(SECRET));

        // the CLI steers the running agent through the state dir: pause, rearm (breaker closes, still paused), resume
        Path config = Files.writeString(state.resolve("cli.yml"), "state_dir: " + state + "\n");
        assertEquals(0, Main.execute("remediation", "pause", "--for", "1h", "--config", config.toString()));
        assertEquals(0, Main.execute("remediation", "rearm", "never", "--config", config.toString()));
        agent.await(Duration.ofSeconds(5), "breaker closed", h -> {
            try {
                return h.value("dockmedic_remediation_circuit_open", svc) == 0.0;
            } catch (Exception e) {
                return false;
            }
        });
        long deadline2 = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (journal("never", "decision").stream().noneMatch(r -> r.path("reason").asText().startsWith("paused until"))) {
            assertTrue(System.nanoTime() < deadline2, "rearm did not lead to a new decision (blocked by the pause)");
            Thread.sleep(100);
        }
        assertEquals(3, docker.restarts(id), "paused: still no restart");
        assertEquals(0, Main.execute("remediation", "status", "--config", config.toString()));
        assertEquals(0, Main.execute("remediation", "resume", "--config", config.toString()));
        docker.remove(id);
    }

    /**
     * wait-healthy ends when the restarted container reports unhealthy again, not after its 90 s timeout, so
     * budget x (time to fail + back-off) bounds the time from the first attempt to the open breaker. The bound
     * comes from the config above and the test container's healthcheck (TestDocker: 500 ms interval, 1 retry,
     * 2 s probe timeout), with a few seconds per attempt for a loaded engine; one 90 s wait alone exceeds it.
     */
    @Test
    void neverRecoversReachesTheOpenCircuitWithinBudgetTimesTimeToFailPlusBackoff() throws Exception {
        String name = docker.name("i15-remed-patient");
        String id = start("patient", new TestDocker.Spec(name).countBoots().label("dockmedic.remediate", "true")
                .label("dockmedic.playbook", "patient"));
        String svc = "service=\"patient\"";
        int budget = 3;
        Duration stopTimeout = Duration.ofSeconds(1);
        Duration timeToFail = Duration.ofMillis(500).multipliedBy(1 + 1).plus(Duration.ofSeconds(2));
        Duration backoffMax = Duration.ofSeconds(4);
        Duration loadedEngineSlack = Duration.ofSeconds(5);
        Duration bound = stopTimeout.plus(timeToFail).plus(loadedEngineSlack).multipliedBy(budget)
                .plus(backoffMax.multipliedBy(budget - 1));
        assertTrue(bound.compareTo(Duration.ofSeconds(90)) < 0, "the bound must be below one wait-healthy timeout");
        agent.await(Duration.ofSeconds(150), "circuit open for patient", atLeast(1, "dockmedic_remediation_circuit_open", svc));
        Instant firstAttempt = Instant.parse(journal("patient", "action").get(0).path("time").asText());
        Instant opened = Instant.parse(journal("patient", "circuit").get(0).path("time").asText());
        Duration took = Duration.between(firstAttempt, opened);
        assertTrue(took.compareTo(bound) <= 0, "first attempt to open breaker took " + took + ", bound " + bound);
        assertEquals(3, docker.restarts(id));
        List<ObjectNode> failed = journal("patient", "decision").stream()
                .filter(r -> "failed".equals(r.path("outcome").asText())).toList();
        assertEquals(3, failed.size());
        failed.forEach(r -> {
            assertEquals("playbook_failed", r.path("reason_code").asText());
            assertTrue(r.path("reason").asText().startsWith("wait-healthy: unhealthy again after its restart"),
                    r.path("reason").asText());
        });
        docker.remove(id);
    }

    @Test
    void notOptedInAndIgnoredAreUntouched() throws Exception {
        String plain = start("plain", new TestDocker.Spec(docker.name("plain")).countBoots());
        String ignored = start("ignored", new TestDocker.Spec(docker.name("ignored")).countBoots()
                .label("dockmedic.remediate", "true").label("dockmedic.ignore", "true"));
        agent.await(Duration.ofSeconds(60), "skipped for plain",
                atLeast(1, "dockmedic_remediations_total", "service=\"plain\"", "outcome=\"skipped\""));
        docker.awaitHealth(ignored, "unhealthy", Duration.ofSeconds(10));
        Thread.sleep(1500);
        assertEquals(0, docker.restarts(plain));
        assertEquals(0, docker.restarts(ignored));
        assertTrue(agent.samples("dockmedic_remediations_total").stream().noneMatch(s -> s.contains("service=\"ignored\"")));
        assertTrue(journal("plain", "decision").get(0).path("reason").asText().startsWith("not opted in"));
        assertTrue(journal("ignored", "decision").isEmpty());
    }
}
