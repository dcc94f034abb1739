package io.dockmedic.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CrashLoopsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Exit exit(int second, int code, boolean oom) {
        return new Exit(T0.plusSeconds(second), code, oom);
    }

    @Test
    void exitsInTheWindowAreALoopWithTheirCodes() {
        CrashLoops loops = new CrashLoops(3, Duration.ofMinutes(10));
        assertTrue(loops.exited("c", exit(0, 1, false), 0).isEmpty());
        assertTrue(loops.exited("c", exit(10, 1, false), 1).isEmpty());
        assertTrue(loops.exited("c", exit(10, 1, false), 1).isEmpty()); // the same exit seen twice counts once
        Optional<Pattern.CrashLoop> loop = loops.exited("c", exit(30, 2, false), 2);
        assertTrue(loop.isPresent());
        assertEquals(List.of(1, 1, 2), loop.get().exitCodes());
        assertEquals(2, loop.get().restarts());
        assertEquals(Pattern.CrashLoop.Cause.EXITS, loop.get().cause());
        assertEquals("crash-loop", loop.get().id());
    }

    @Test
    void exitsOutsideTheWindowDoNotCountAndTheLoopEndsWhenTheyAge() {
        CrashLoops loops = new CrashLoops(3, Duration.ofSeconds(60));
        loops.exited("c", exit(0, 1, false), 0);
        loops.exited("c", exit(50, 1, false), 1);
        assertTrue(loops.exited("c", exit(100, 1, false), 2).isEmpty()); // the first is 100 s old
        assertTrue(loops.exited("c", exit(110, 1, false), 3).isPresent());
        assertTrue(loops.current("c", T0.plusSeconds(110)).isPresent());
        assertTrue(loops.current("c", T0.plusSeconds(200)).isEmpty());
        assertTrue(loops.current("other", T0).isEmpty());
    }

    @Test
    void memoryKillsAreToldApartFromKillsWithoutOomKilled() {
        CrashLoops loops = new CrashLoops(2, Duration.ofMinutes(10));
        loops.exited("oom", exit(0, 137, true), 0);
        assertEquals(Pattern.CrashLoop.Cause.MEMORY, loops.exited("oom", exit(5, 137, true), 1).get().cause());
        loops.exited("kill", exit(0, 137, false), 0);
        Pattern.CrashLoop killed = loops.exited("kill", exit(5, 137, false), 1).get();
        assertEquals(Pattern.CrashLoop.Cause.KILLED, killed.cause());
        assertTrue(killed.exits().stream().allMatch(e -> e.kind() == Exit.Kind.KILLED));
        loops.exited("mix", exit(0, 137, true), 0);
        assertEquals(Pattern.CrashLoop.Cause.EXITS, loops.exited("mix", exit(5, 1, false), 1).get().cause());
        // the engine sometimes reports a memory kill without OOMKilled (seen in TimePatternsIT: 137 oom,
        // 137 not, 137 oom): SIGKILLs of which some are OOM kills are memory
        loops.exited("race", exit(0, 137, true), 0);
        assertEquals(Pattern.CrashLoop.Cause.MEMORY, loops.exited("race", exit(5, 137, false), 1).get().cause());
    }

    @Test
    void exitKinds() {
        assertEquals(Exit.Kind.OOM_KILLED, exit(0, 137, true).kind());
        assertEquals(Exit.Kind.OOM_KILLED, exit(0, 1, true).kind());
        assertEquals(Exit.Kind.KILLED, exit(0, 137, false).kind());
        assertEquals(Exit.Kind.SIGNAL, exit(0, 139, false).kind());
        assertEquals(Exit.Kind.ERROR, exit(0, 3, false).kind());
        assertEquals(Exit.Kind.CLEAN, exit(0, 0, false).kind());
    }

    @Test
    void restartsAreCountedFromTheEnginesRestartCount() {
        CrashLoops loops = new CrashLoops(3, Duration.ofMinutes(10));
        assertEquals(0, loops.started("c", 0)); // a first start
        assertEquals(1, loops.started("c", 1));
        assertEquals(0, loops.started("c", 1)); // the same start seen again
        assertEquals(3, loops.started("c", 4)); // starts missed meanwhile
        assertEquals(1, loops.started("late", 7)); // first seen at a restart: this one
        loops.forget("c");
        assertTrue(loops.current("c", T0).isEmpty());
    }

    /**
     * Under load the inspect behind a die can come after the engine already restarted the container (its policy
     * waits 100 ms): that inspect shows the new count, and the start that follows must still count the restart.
     */
    @Test
    void aRestartIsCountedEvenWhenTheInspectOfTheExitBeforeItAlreadyShowedItsCount() {
        CrashLoops loops = new CrashLoops(3, Duration.ofMinutes(10));
        assertEquals(0, loops.started("c", 0));
        for (int n = 1; n <= 5; n++) {
            loops.exited("c", exit(n, 1, false), n); // the die, inspected after the restart
            assertEquals(1, loops.started("c", n), "restart " + n);
        }
        assertEquals(5, loops.current("c", T0.plusSeconds(5)).orElseThrow().restarts());
    }
}
