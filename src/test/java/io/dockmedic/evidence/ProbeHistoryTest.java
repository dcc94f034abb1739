package io.dockmedic.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.docker.ContainerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeHistoryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static ContainerInfo.HealthProbe probe(int second, int exit, String out) {
        Instant start = T0.plusSeconds(second);
        return new ContainerInfo.HealthProbe(start, start.plusMillis(250), exit, out);
    }

    private static ContainerInfo inspect(Map<String, String> env, List<ContainerInfo.HealthProbe> probes) {
        return new ContainerInfo("c1", "app", "img", Map.of(), env, true, false, "running", io.dockmedic.state.Health.UNHEALTHY, probes, null,
                false, 0, T0, null);
    }

    /** The engine's window of five ending at second {@code last}, as one inspect sees it. */
    private static List<ContainerInfo.HealthProbe> window(int last, int failFrom) {
        List<ContainerInfo.HealthProbe> out = new ArrayList<>();
        for (int s = Math.max(0, last - 4); s <= last; s++) {
            out.add(probe(s, s >= failFrom ? 1 : 0, s >= failFrom ? "probe " + s + " failed" : "ok"));
        }
        return out;
    }

    private static List<Long> seconds(Probes p) {
        return p.results().stream().map(r -> r.start().getEpochSecond() - T0.getEpochSecond()).toList();
    }

    @Test
    void overlappingInspectsKeepEachProbeOnceUpToTheCapacity() {
        ProbeHistory h = new ProbeHistory(10);
        h.record(inspect(Map.of(), window(4, 3)));
        h.record(inspect(Map.of(), window(6, 3)));
        Probes p = h.record(inspect(Map.of(), window(13, 3)));
        // 0..6 then 9..13 (7 and 8 were never in an inspect); the oldest pushed out at 10
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 9L, 10L, 11L, 12L, 13L).subList(1, 11), seconds(p));
    }

    @Test
    void failingStreakCountsTheNewestFailuresBeyondTheEnginesFive() {
        ProbeHistory h = new ProbeHistory(10);
        h.record(inspect(Map.of(), window(4, 2)));
        Probes p = h.record(inspect(Map.of(), window(9, 2)));
        assertEquals(8, p.failingStreak()); // seconds 2..9
        assertEquals("probe 9 failed", p.last().output());
        assertEquals(Duration.ofMillis(250), p.last().duration());
        assertFalse(p.last().passed());
        Probes healthy = h.record(inspect(Map.of(), List.of(probe(10, 0, "ok"))));
        assertEquals(0, healthy.failingStreak());
    }

    @Test
    void outputIsRedactedWithTheContainersSecretsCleanedAndCapped() {
        ProbeHistory h = new ProbeHistory(5);
        String secret = "s3cr3t-Pa55word-xyz";
        Probes p = h.record(inspect(Map.of("DB_PASSWORD", secret), List.of(
                probe(1, 1, "login as app with " + secret + " refused\n\u001b[31mred\u001b[0m"),
                probe(2, 1, "x".repeat(2000)))));
        String first = p.results().get(0).output();
        assertFalse(first.contains(secret), first);
        assertTrue(first.contains("refused"), first);
        assertFalse(first.contains("\u001b"), first);
        assertTrue(p.results().get(1).output().length() <= ProbeHistory.OUTPUT_CHARS + 1);
    }

    @Test
    void zeroCapacityKeepsNothingAndForgetDrops() {
        assertTrue(new ProbeHistory(0).record(inspect(Map.of(), window(4, 0))).isEmpty());
        ProbeHistory h = new ProbeHistory(3);
        h.record(inspect(Map.of(), window(4, 0)));
        assertEquals(3, h.get("c1").results().size());
        h.forget("c1");
        assertEquals(Probes.NONE, h.get("c1"));
    }
}
