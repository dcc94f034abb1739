package io.dockmedic.evidence;

import io.dockmedic.state.Health;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FlapsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void moreThanKChangesInTheWindowIsFlapping() {
        Flaps flaps = new Flaps(3, Duration.ofMinutes(1));
        assertTrue(flaps.health("c", Flaps.Side.HEALTHY, T0).isEmpty()); // a first status is no change
        assertTrue(flaps.health("c", Flaps.Side.UNHEALTHY, T0.plusSeconds(5)).isEmpty());
        assertTrue(flaps.health("c", Flaps.Side.UNHEALTHY, T0.plusSeconds(6)).isEmpty()); // no change
        assertTrue(flaps.health("c", null, T0.plusSeconds(7)).isEmpty()); // starting: not a side
        assertTrue(flaps.health("c", Flaps.Side.HEALTHY, T0.plusSeconds(10)).isEmpty());
        assertTrue(flaps.health("c", Flaps.Side.UNHEALTHY, T0.plusSeconds(15)).isEmpty()); // 3: not more than 3
        var f = flaps.health("c", Flaps.Side.HEALTHY, T0.plusSeconds(20));
        assertTrue(f.isPresent());
        assertEquals(4, f.get().transitions());
        assertEquals("flapping", f.get().id());
        assertTrue(flaps.current("c", T0.plusSeconds(30)).isPresent());
        assertTrue(flaps.current("c", T0.plusSeconds(70)).isEmpty()); // the first changes aged out
    }

    @Test
    void slowChangesAreNotFlapping() {
        Flaps flaps = new Flaps(2, Duration.ofMinutes(1));
        flaps.health("c", Flaps.Side.HEALTHY, T0);
        for (int i = 1; i <= 10; i++) {
            Flaps.Side side = i % 2 == 1 ? Flaps.Side.UNHEALTHY : Flaps.Side.HEALTHY;
            assertTrue(flaps.health("c", side, T0.plusSeconds(i * 40L)).isEmpty());
        }
    }

    @Test
    void sidesOfEngineStatuses() {
        assertEquals(Flaps.Side.HEALTHY, Flaps.Side.of(Health.HEALTHY));
        assertEquals(Flaps.Side.UNHEALTHY, Flaps.Side.of(Health.UNHEALTHY));
        assertNull(Flaps.Side.of(Health.STARTING));
        assertNull(Flaps.Side.of(Health.NONE));
    }
}
