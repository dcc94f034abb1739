package io.dockmedic.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.MovableClock;
import io.dockmedic.config.Config;
import io.dockmedic.config.ConfigLoader;
import io.dockmedic.journal.StateFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safety envelope on a fake clock: budget, back-off, breaker, cool-off, grace, pause, project limit, persistence. */
class EnvelopeTest {
    @TempDir
    Path dir;

    MovableClock clock;
    Config.Remediation cfg;

    @BeforeEach
    void setUp() throws Exception {
        clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        cfg = ConfigLoader.load(null, Map.of(), Map.of("remediation.project_limit", "4")).remediation();
    }

    Envelope envelope() throws Exception {
        return new Envelope(cfg, clock, new StateFile<>(dir.resolve("state.json"), Envelope.State.class));
    }

    @Test
    void backoffDoublesFromTenSecondsToFiveMinutes() throws Exception {
        Envelope e = envelope();
        assertEquals(List.of(10L, 20L, 40L, 80L, 160L, 300L, 300L),
                List.of(1, 2, 3, 4, 5, 6, 7).stream().map(n -> e.backoff(n).toSeconds()).toList());
    }

    @Test
    void budgetWithBackoffThenBreakerUntilRearm() throws Exception {
        Envelope e = envelope();
        assertTrue(e.check("p", "app").allowed());
        e.attempt("p", "app");
        clock.advance(Duration.ofSeconds(5));
        assertFalse(e.failed("p", "app"));
        Envelope.Verdict v = e.check("p", "app");
        assertFalse(v.allowed());
        assertEquals(clock.instant().plusSeconds(10), v.retryAt(), "back-off counts from the end of the failed attempt");
        clock.advance(Duration.ofSeconds(10));
        assertTrue(e.check("p", "app").allowed());
        e.attempt("p", "app");
        e.failed("p", "app");
        clock.advance(Duration.ofSeconds(19));
        assertFalse(e.check("p", "app").allowed(), "second back-off is 20 s");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(e.check("p", "app").allowed());
        e.attempt("p", "app");
        assertTrue(e.failed("p", "app"), "third failure spends the budget of 3 and opens the breaker");
        assertTrue(e.isOpen("p", "app"));
        clock.advance(Duration.ofMinutes(30));
        v = e.check("p", "app");
        assertFalse(v.allowed(), "an open breaker outlives the budget window");
        assertNull(v.retryAt());
        assertTrue(v.reason().text().startsWith("circuit open"), v.reason().text());
        assertEquals(Reason.Code.CIRCUIT_OPEN, v.reason().code());
        assertEquals(1, e.rearm("app").size());
        assertFalse(e.isOpen("p", "app"));
        assertTrue(e.check("p", "app").allowed());
    }

    @Test
    void coolOffClosesTheBreaker() throws Exception {
        Envelope e = envelope();
        for (int i = 0; i < 3; i++) {
            e.attempt("p", "app");
        }
        assertTrue(e.failed("p", "app"));
        clock.advance(Duration.ofMinutes(59));
        assertFalse(e.check("p", "app").allowed());
        clock.advance(Duration.ofMinutes(1));
        assertTrue(e.check("p", "app").allowed());
        assertFalse(e.isOpen("p", "app"));
    }

    @Test
    void flappingServiceThatRecoversEachTimeStillSpendsItsBudget() throws Exception {
        Envelope e = envelope();
        for (int i = 0; i < 3; i++) {
            assertTrue(e.check("p", "flappy").allowed());
            e.attempt("p", "flappy");
            clock.advance(Duration.ofMinutes(2));
        }
        Envelope.Verdict v = e.check("p", "flappy");
        assertFalse(v.allowed());
        assertTrue(v.opened(), "the check that finds the budget spent opens the breaker (and alerts)");
        assertFalse(e.check("p", "flappy").opened(), "only once");
    }

    @Test
    void budgetWindowSlides() throws Exception {
        Envelope e = envelope();
        e.attempt("p", "app");
        e.attempt("p", "app");
        clock.advance(Duration.ofMinutes(16));
        e.attempt("p", "app");
        assertFalse(e.failed("p", "app"), "two attempts left the 15 min window");
    }

    @Test
    void projectLimitCoversAllServicesOfAStack() throws Exception {
        Envelope e = envelope();
        for (String s : List.of("a", "b", "c", "d")) {
            e.attempt("stack", s);
        }
        clock.advance(Duration.ofMinutes(5));
        Envelope.Verdict v = e.check("stack", "e");
        assertFalse(v.allowed());
        assertTrue(v.reason().text().startsWith("project limit of 4"), v.reason().text());
        assertEquals(Reason.Code.PROJECT_LIMIT, v.reason().code());
        assertEquals(Instant.parse("2026-01-01T00:15:00Z"), v.retryAt());
        assertTrue(e.check("other", "e").allowed());
    }

    @Test
    void pauseForADurationAndUntilResumed() throws Exception {
        Envelope e = envelope();
        assertEquals(clock.instant().plus(Duration.ofMinutes(30)), e.pause(Duration.ofMinutes(30)));
        assertEquals("paused until 2026-01-01T00:30:00Z", e.check("p", "app").reason().text());
        clock.advance(Duration.ofMinutes(30));
        assertTrue(e.check("p", "app").allowed());
        assertNull(e.pause(null));
        clock.advance(Duration.ofDays(10));
        assertEquals("paused", e.check("p", "app").reason().text());
        e.resume();
        assertTrue(e.check("p", "app").allowed());
    }

    @Test
    void graceEndsAfterTheGracePeriod() throws Exception {
        Envelope e = envelope();
        assertEquals(clock.instant().plusSeconds(30), e.graceEnds(clock.instant()));
    }

    @Test
    void stateSurvivesARestart() throws Exception {
        Envelope e = envelope();
        e.attempt("p", "app");
        e.attempt("p", "app");
        e.attempt("p", "app");
        e.failed("p", "app");
        e.attempt("p", "db");
        e.pause(Duration.ofHours(1));
        Envelope again = envelope();
        assertEquals(e.state(), again.state());
        assertTrue(again.isOpen("p", "app"));
        again.resume();
        Envelope.Verdict v = again.check("p", "db");
        assertFalse(v.allowed(), "back-off after the attempt before the restart still holds");
        assertEquals(clock.instant().plusSeconds(10), v.retryAt());
    }

    /** A damaged state file used to stop the agent ("cannot start: null"); now it is moved aside and the agent starts. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "null", "{\"pausedUntil\":", "{\"pausedUntil\":\"soon\"}",
            "{\"services\":[null]}", "{\"services\":[{\"attempts\":[1]}]}", "{\"services\":[{\"project\":\"p\","
            + "\"service\":\"s\",\"attempts\":[null]}]}", "{\"projects\":{\"p\":null}}", "[]", "7"})
    void aDamagedStateFileIsMovedAsideAndTheEnvelopeStartsEmpty(String content) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("state.json"), content);
        Envelope e = envelope();
        assertEquals(new Envelope.State(0, List.of(), Map.of()), e.state());
        assertTrue(e.check("p", "app").allowed());
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(List.of("state.json.corrupt-20260101T000000Z"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void whatIsTheSameAsNoEntryIsNotKept() throws Exception {
        Envelope e = envelope();
        e.attempt("p", "old");
        clock.advance(cfg.budgetWindow().plusSeconds(1));
        e.attempt("q", "new");
        assertEquals(List.of("new"), e.state().services().stream().map(Envelope.Service::service).toList());
        assertEquals(List.of("q"), List.copyOf(e.state().projects().keySet()));
        assertEquals(e.state(), envelope().state());
    }
}
