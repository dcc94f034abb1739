package io.dockmedic.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.evidence.Exit;
import io.dockmedic.evidence.Pattern;
import io.dockmedic.evidence.ProbeResult;
import io.dockmedic.evidence.Probes;
import io.dockmedic.evidence.Timeline;
import io.dockmedic.rules.Lang;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineFormatTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static Report report(Timeline t) {
        return new Report("shop-app-1", "id", "shop", "app", io.dockmedic.state.Trigger.DIE, List.of(), List.of("boom"), "sig", 0L, T0)
                .withTimeline(t);
    }

    private static Timeline timeline() {
        Probes probes = Probes.of(List.of(
                new ProbeResult(T0, Duration.ofMillis(12), 0, "ok"),
                new ProbeResult(T0.plusSeconds(5), Duration.ofMillis(30), 1, "curl: (7) Failed to connect; token=ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
                new ProbeResult(T0.plusSeconds(10), null, 1, "curl: (7) Failed to connect")));
        Pattern.CrashLoop loop = new Pattern.CrashLoop(List.of(new Exit(T0, 137, true), new Exit(T0.plusSeconds(20), 137, false)),
                4, Duration.ofMinutes(10));
        return Timeline.of(probes, List.of(loop, new Pattern.Flapping(5, Duration.ofMinutes(10))));
    }

    @Test
    void jsonCarriesProbesAndPatternsAdditively() throws Exception {
        JsonNode root = new ObjectMapper().readTree(ReportFormat.json(report(timeline()), Lang.EN));
        assertEquals(2, root.path("probes").path("failing_streak").asInt());
        JsonNode results = root.path("probes").path("results");
        assertEquals(3, results.size());
        assertEquals(12, results.path(0).path("duration_ms").asInt());
        assertTrue(results.path(2).path("duration_ms").isNull());
        assertFalse(results.toString().contains("ghp_abcdefghijklmnopqrstuvwxyz0123456789"), "probe output leaves redacted");
        JsonNode loop = root.path("patterns").path(0);
        assertEquals("crash-loop", loop.path("pattern").asText());
        assertEquals("[137,137]", loop.path("exit_codes").toString());
        assertEquals("memory", loop.path("cause").asText()); // SIGKILLs, one of them an OOM kill
        assertEquals("oom-killed", loop.path("exits").path(0).path("kind").asText());
        assertEquals("killed", loop.path("exits").path(1).path("kind").asText());
        assertEquals(600, loop.path("window_seconds").asInt());
        assertEquals("flapping", root.path("patterns").path(1).path("pattern").asText());
        assertEquals(5, root.path("patterns").path(1).path("transitions").asInt());
        assertTrue(root.has("diagnoses") && root.has("symptom_of"), "the contract's keys stay");
    }

    @Test
    void aReportWithoutTimelineKeepsItsShape() throws Exception {
        JsonNode root = new ObjectMapper().readTree(ReportFormat.json(report(Timeline.NONE), Lang.EN));
        assertFalse(root.has("probes"));
        assertFalse(root.has("patterns"));
    }

    @Test
    void textShowsPatternsAndTheLastProbesInBothLanguages() {
        String en = ReportFormat.text(report(timeline()), Lang.EN);
        assertTrue(en.contains("Crash loop: 2 exits in 10m (exit codes 137, 137), 4 restarts"), en);
        // one OOM kill and one plain SIGKILL: not "every exit was an OOM kill"
        assertTrue(en.contains("4 restarts; every exit was a SIGKILL, at least one an OOM kill: it dies when memory runs short"), en);
        assertTrue(en.contains("Flapping: health changed 5 times in 10m"), en);
        assertTrue(en.contains("Health probes (failing streak 2):"), en);
        assertTrue(en.contains("10:00:10 exit 1 | curl: (7) Failed to connect"), en);
        assertTrue(en.contains("10:00:05 exit 1 (30 ms)"), en);
        String zh = ReportFormat.text(report(timeline()), Lang.ZH);
        assertTrue(zh.contains("崩溃循环") && zh.contains("健康检查（连续失败 2 次）"), zh);
        assertTrue(zh.contains("每次都被 SIGKILL 杀死，其中至少一次是 OOM：内存不足时被杀死"), zh);
    }
}
