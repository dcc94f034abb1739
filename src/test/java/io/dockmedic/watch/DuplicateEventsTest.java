package io.dockmedic.watch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.docker.EngineEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A replayed event (same id, action and time) is dropped while it is within the window. */
class DuplicateEventsTest {
    private static EngineEvent event(String id, long nanos) {
        return new EngineEvent(id, "die", Map.of(), nanos);
    }

    @Test
    void anEventIsNewOnceWithinTheWindow() {
        DuplicateEvents seen = new DuplicateEvents();
        assertTrue(seen.firstTime(event("a", 1)));
        assertFalse(seen.firstTime(event("a", 1)));
        assertTrue(seen.firstTime(event("a", 2)), "another time is another event");
        for (int i = 0; i < DuplicateEvents.WINDOW; i++) {
            seen.firstTime(event("x", 100 + i));
        }
        assertTrue(seen.firstTime(event("a", 1)), "forgotten beyond the window");
    }
}
