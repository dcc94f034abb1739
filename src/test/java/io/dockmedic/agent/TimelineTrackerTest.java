package io.dockmedic.agent;

import io.dockmedic.state.Trigger;
import io.dockmedic.state.Health;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.MovableClock;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.evidence.CrashLoops;
import io.dockmedic.evidence.Flaps;
import io.dockmedic.evidence.ProbeHistory;
import io.dockmedic.evidence.Timelines;
import io.dockmedic.metrics.DockmedicMetrics;
import io.dockmedic.watch.ContainerRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineTrackerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private final DockmedicMetrics metrics = new DockmedicMetrics("1", "c");

    private static ContainerInfo exited(int second, int restarts) {
        return new ContainerInfo("c1", "shop-app-1", "img", Map.of("com.docker.compose.project", "shop",
                "com.docker.compose.service", "app"), Map.of(), true, false, "running", Health.NONE, List.of(), 0, false,
                restarts, T0.plusSeconds(second + 1), T0.plusSeconds(second));
    }

    private static Report report() {
        return new Report("shop-app-1", "c1", "shop", "app", Trigger.DIE, List.of(), List.of("boom"), "sig", 0L, T0);
    }

    private TimelineTracker tracker(Clock clock) {
        return new TimelineTracker(new Timelines(new ProbeHistory(10), new CrashLoops(3, Duration.ofMinutes(1)),
                new Flaps(2, Duration.ofMinutes(1))), metrics, clock);
    }

    private double value(String line) {
        return metrics.scrape().lines().filter(l -> l.startsWith(line)).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void aCrashLoopIsOneFindingHeldPastItsRestartsUntilItEnds() {
        TimelineTracker t = tracker(Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC));
        Report r1 = t.failing(exited(0, 0), 1, report());
        t.started(exited(0, 1));
        Report r2 = t.failing(exited(10, 1), 1, report());
        t.started(exited(10, 2));
        Report r3 = t.failing(exited(20, 2), 1, report());
        assertTrue(r1.timeline().patterns().isEmpty() && r2.timeline().patterns().isEmpty());
        assertEquals(List.of(1, 1, 1), r3.timeline().crashLoop().orElseThrow().exitCodes());
        assertFalse(TimelineTracker.continues(r2, r3), "the loop found is news");
        Report r4 = t.failing(exited(25, 3), 1, report());
        assertTrue(TimelineTracker.continues(r3, r4), "the same cause within the loop is not");
        assertEquals(1.0, value("dockmedic_crash_loop{"));
        assertEquals(2.0, value("dockmedic_restarts_total{"));

        ContainerRef ref = ContainerRef.of(exited(25, 3));
        assertTrue(t.holdsRecovery(ref, true), "a restart inside the loop is no recovery");
        List<ContainerRef> recovered = new ArrayList<>();
        t.tick(recovered::add);
        assertEquals(List.of(), recovered);

        TimelineTracker later = tracker(Clock.fixed(T0.plusSeconds(200), ZoneOffset.UTC));
        assertFalse(later.holdsRecovery(ref, true), "no loop known: recovery goes ahead");
    }

    @Test
    void heldRecoveriesGoAheadWhenThePatternEnds() {
        MovableClock clock = new MovableClock(T0.plusSeconds(30));
        TimelineTracker t = tracker(clock);
        for (int s = 0; s <= 20; s += 10) {
            t.failing(exited(s, s / 10), 1, report());
        }
        ContainerRef ref = ContainerRef.of(exited(20, 2));
        assertTrue(t.holdsRecovery(ref, true));
        clock.set(T0.plusSeconds(120)); // the exits aged out of the one-minute window
        List<ContainerRef> recovered = new ArrayList<>();
        t.tick(recovered::add);
        assertEquals(List.of(ref), recovered);
        assertEquals(0.0, value("dockmedic_crash_loop{"), "the loop's series is dropped");
    }

    @Test
    void flappingIsExportedAndStreaksReset() {
        TimelineTracker t = tracker(Clock.fixed(T0, ZoneOffset.UTC));
        ContainerRef ref = ContainerRef.of(exited(0, 0));
        t.health(ref, Health.HEALTHY);
        t.health(ref, Health.UNHEALTHY);
        t.health(ref, Health.HEALTHY);
        assertEquals(0.0, value("dockmedic_flapping{"));
        t.health(ref, Health.UNHEALTHY);
        assertEquals(1.0, value("dockmedic_flapping{"));
        t.health(ref, Health.HEALTHY);
        assertEquals(0.0, value("dockmedic_health_failing_streak{"));
        assertTrue(t.failing(exited(0, 0), null, report()).flapping(), "the report says so, for remediation");
    }
}
