package io.dockmedic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The agent watches the real engine and pushes its diagnoses to a real Alertmanager (contract section
 * 7): an unhealthy container's alert appears with the labels, the rule's texts in en and zh and the
 * redacted evidence (the secret it printed never arrives), and resolves when the container recovers;
 * a removed container's alert resolves too.
 */
class AlertmanagerIT {
    private static final String PROJECT = "i16-notify-am";

    @Test
    void aDiagnosisBecomesAnAlertWithItsEvidenceAndResolves() throws Exception {
        String secret = "pw-" + UUID.randomUUID();
        try (TestDocker docker = new TestDocker(); Alertmanager am = new Alertmanager();
             AgentHarness agent = new AgentHarness(docker.host(), Map.of("notify.alertmanager.url", am.url()))) {
            String run = UUID.randomUUID().toString().substring(0, 8);
            String app = docker.start(new TestDocker.Spec("i16-notify-app-" + run).compose(PROJECT, "app")
                    .env("DB_PASSWORD=" + secret)
                    .lines(List.of("psycopg2.OperationalError: connection to server at \"postgres\" (172.20.0.2), port 5432 failed: "
                                    + "FATAL:  password authentication failed for user \"shop\"",
                            "connecting with DATABASE_URL=postgres://shop:" + secret + "@postgres:5432/shop")));
            String worker = docker.start(new TestDocker.Spec("i16-notify-worker-" + run).compose(PROJECT, "worker")
                    .lines(List.of("worker: nothing recognisable here")));

            JsonNode alert = awaitAlert(am, "service=\"app\"", a -> a.path("annotations").has("evidence"));
            JsonNode labels = alert.get("labels");
            assertEquals("DockmedicDiagnosis", labels.get("alertname").asText());
            assertEquals(PROJECT, labels.get("project").asText());
            assertEquals("i16-notify-app-" + run, labels.get("container").asText());
            assertEquals("db-auth", labels.get("category").asText());
            assertTrue(labels.has("rule") && labels.has("severity"), labels.toString());
            JsonNode ann = alert.get("annotations");
            for (String key : List.of("summary", "description", "remedy", "evidence", "summary_zh", "remedy_zh")) {
                assertFalse(ann.path(key).asText().isBlank(), key + " in " + ann);
            }
            assertTrue(ann.get("evidence").asText().contains("password authentication failed"), ann.toString());
            assertFalse(am.alerts("alertname=\"DockmedicDiagnosis\"").toString().contains(secret), "redacted");
            assertTrue(Instant.parse(alert.get("endsAt").asText()).isAfter(Instant.now()), "firing: endsAt ahead");
            awaitAlert(am, "service=\"worker\"", a -> true);

            docker.recover(app);
            awaitGone(am, "service=\"app\"");
            docker.remove(worker);
            awaitGone(am, "service=\"worker\"");
            assertFalse(AgentHarness.logs().contains(secret), "no secret in the agent's logs");
        }
    }

    /** Waits for one active alert matching, as Alertmanager serves it. */
    private static JsonNode awaitAlert(Alertmanager am, String matcher, java.util.function.Predicate<JsonNode> ok)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = am.alerts("alertname=\"DockmedicDiagnosis\"", matcher);
            for (JsonNode a : last) {
                if ("active".equals(a.path("status").path("state").asText()) && ok.test(a)) {
                    return a;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no active alert " + matcher + " within 60 s; last: " + last + "\n" + am.log());
    }

    /** Waits until no unresolved alert matches (Alertmanager serves no resolved alerts). */
    private static void awaitGone(Alertmanager am, String matcher) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = am.alerts("alertname=\"DockmedicDiagnosis\"", matcher);
            boolean firing = false;
            for (JsonNode a : last) {
                firing |= Instant.parse(a.get("endsAt").asText()).isAfter(Instant.now());
            }
            if (!firing) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("alert " + matcher + " not resolved within 60 s; last: " + last);
    }
}
