package io.dockmedic.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.diagnosis.Diagnosis;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.journal.Journal;
import io.dockmedic.metrics.DockmedicMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What remediation tells its listeners (notifications, the webhook) and writes to the journal: typed
 * events with who and why; skipped and dry-run decisions are not events; a listener that throws does
 * not stop the others.
 */
class RecorderTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    final DockmedicMetrics metrics = new DockmedicMetrics("test", "test");
    final List<RemediationEvent> events = new ArrayList<>();

    @AfterEach
    void close() {
        metrics.close();
    }

    Recorder recorder() throws Exception {
        Recorder r = new Recorder(new Journal(dir, 1 << 20, 2, Clock.fixed(T, ZoneOffset.UTC)), metrics,
                Clock.fixed(T, ZoneOffset.UTC), "enforce");
        r.addListener(e -> {
            throw new IllegalStateException("a broken listener");
        });
        r.addListener(events::add);
        return r;
    }

    static Candidate candidate() {
        Diagnosis d = new Diagnosis("redis-connection-failed", Diagnosis.unclassified(List.of()).category(),
                Diagnosis.unclassified(List.of()).severity(), Diagnosis.unclassified(List.of()).title(),
                Diagnosis.unclassified(List.of()).cause(), Diagnosis.unclassified(List.of()).remedy(), 0.9, List.of(),
                null, null);
        return new Candidate(new Report("shop-app-1", "c1", "shop", "app", io.dockmedic.state.Trigger.UNHEALTHY, List.of(d), List.of(), "", 0L, T),
                java.util.Map.of(), T);
    }

    @Test
    void eventsCarryKindSubjectPlaybookAndReason() throws Exception {
        Recorder r = recorder();
        Candidate c = candidate();
        Playbook pb = new Playbook("restart", "", List.of(new Playbook.Step(Playbook.Kind.RESTART, null,
                java.time.Duration.ofSeconds(1), null, null)), "test");
        r.actionStarted(c, pb);
        r.decision(c, "restart", Outcome.FAILED, Reason.of(Reason.Code.PLAYBOOK_FAILED, "wait-healthy: unhealthy again"));
        r.circuitOpened(c, "restart", Reason.of(Reason.Code.CIRCUIT_OPEN, "budget spent"));
        r.decision(c, "restart", Outcome.BLOCKED, Reason.of(Reason.Code.CIRCUIT_OPEN, "circuit open"));
        r.decision(c, "-", Outcome.SKIPPED, Reason.notOptedIn());
        r.decision(c, "restart", Outcome.DRY_RUN, Reason.of(Reason.Code.WOULD_RUN, "would run restart"));
        r.decision(c, "restart", Outcome.SUCCEEDED, Reason.of(Reason.Code.HEALTHY_AFTER, "healthy after restart"));
        r.rearmed(List.of(new Envelope.Service("shop", "app", List.of(), 0, 0)), "app");

        assertEquals(List.of(RemediationEvent.Kind.ACTED, RemediationEvent.Kind.FAILED, RemediationEvent.Kind.CIRCUIT_OPEN,
                RemediationEvent.Kind.BLOCKED, RemediationEvent.Kind.SUCCEEDED, RemediationEvent.Kind.REARMED),
                events.stream().map(RemediationEvent::kind).toList());
        RemediationEvent failed = events.get(1);
        assertEquals(new RemediationEvent.Subject("shop", "app", "shop-app-1", "redis-connection-failed"), failed.subject());
        assertEquals("restart", failed.playbook());
        assertEquals(Reason.Code.PLAYBOOK_FAILED, failed.reason().code());
        assertEquals(T, failed.time());
        assertTrue(failed.report().isPresent());
        RemediationEvent rearmed = events.get(5);
        assertEquals(new RemediationEvent.Subject("shop", "app", "", ""), rearmed.subject());
        assertEquals(Reason.Code.REARMED, rearmed.reason().code());
        assertTrue(rearmed.report().isEmpty());
    }

    @Test
    void decisionsGoToTheJournalWithTheContractsOutcomeAndAReasonCode() throws Exception {
        Recorder r = recorder();
        r.decision(candidate(), "-", Outcome.DRY_RUN, Reason.of(Reason.Code.WOULD_RUN, "would run restart"));
        var rec = Journal.read(dir).stream().filter(j -> "decision".equals(j.path("type").asText())).findFirst().orElseThrow();
        assertEquals("dry_run", rec.path("outcome").asText());
        assertEquals("would_run", rec.path("reason_code").asText());
        assertEquals("would run restart", rec.path("reason").asText());
        assertEquals(1.0, metrics.registry().get("dockmedic.remediations").tag("outcome", "dry_run").counter().count());
    }
}
