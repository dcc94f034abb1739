package io.dockmedic.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A saved snapshot: atomic, never through a link, bounded, and any damage is reported (never an NPE). */
class StateFileTest {
    @TempDir
    Path dir;

    final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    record Snap(long n, List<Long> xs) {
        Snap {
            xs = xs == null ? List.of() : xs;
            if (xs.stream().anyMatch(x -> x == null)) {
                throw new IllegalArgumentException("xs: null entry");
            }
        }
    }

    StateFile<Snap> file() {
        return new StateFile<>(dir.resolve("s.json"), Snap.class);
    }

    @Test
    void savesAndLoads() throws Exception {
        file().save(new Snap(3, List.of(1L, 2L)));
        assertEquals(Optional.of(new Snap(3, List.of(1L, 2L))), file().load());
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("s.json"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "{\"n\":", "{\"n\":\"many\"}", "{\"xs\":[1,null]}", "[1,2]", "{\"n\":1}{",
            "{\"n\":1,\"n\":2}", "{\"secret-sk-abc\":1}", "\u0000\u0001garbage"})
    void damageIsCorruptWithAReasonThatQuotesNothing(String content) throws Exception {
        Files.writeString(dir.resolve("s.json"), content);
        StateFile.Loaded<Snap> l = file().read();
        StateFile.Loaded.Corrupt<Snap> c = assertInstanceOf(StateFile.Loaded.Corrupt.class, l);
        assertTrue(c.reason().startsWith(dir.resolve("s.json").toString()), c.reason());
        assertFalse(c.reason().contains("secret") || c.reason().contains("many") || c.reason().contains("garbage"), c.reason());
        assertThrows(StateFile.CorruptStateException.class, () -> file().load());
    }

    @Test
    void aHugeFileIsNotReadIntoMemory() throws Exception {
        Files.write(dir.resolve("s.json"), new byte[StateFile.MAX_BYTES + 1]);
        var c = assertInstanceOf(StateFile.Loaded.Corrupt.class, file().read());
        assertTrue(((StateFile.Loaded.Corrupt<?>) c).reason().contains("larger than " + StateFile.MAX_BYTES), c.toString());
    }

    @Test
    void aCorruptFileIsMovedAsideAndTheAgentStartsEmpty() throws Exception {
        Files.writeString(dir.resolve("s.json"), "{\"n\":");
        assertEquals(Optional.empty(), file().loadOrSetAside(clock, "test state"));
        assertFalse(Files.exists(dir.resolve("s.json")));
        assertEquals("{\"n\":", Files.readString(dir.resolve("s.json.corrupt-20260101T000000Z")), "kept for a human");
        Files.writeString(dir.resolve("s.json"), "null");
        file().loadOrSetAside(clock, "test state");
        assertTrue(Files.exists(dir.resolve("s.json.corrupt-20260101T000000Z-1")), "a second one does not overwrite the first");
    }

    @Test
    void aLinkIsNeitherReadNorWrittenThrough() throws Exception {
        Path victim = Files.writeString(Files.createTempFile("victim", ".json"), "{\"n\":7}");
        try {
            Files.createSymbolicLink(dir.resolve("s.json"), victim);
            assertInstanceOf(StateFile.Loaded.Corrupt.class, file().read());
            // a link planted where the temporary file goes
            Files.delete(dir.resolve("s.json"));
            Files.createSymbolicLink(dir.resolve("s.json.tmp"), victim);
            file().save(new Snap(1, List.of()));
            assertEquals("{\"n\":7}", Files.readString(victim));
            assertFalse(Files.isSymbolicLink(dir.resolve("s.json")));
            assertEquals(Optional.of(new Snap(1, List.of())), file().load());
        } finally {
            Files.delete(victim);
        }
    }

    @Test
    void savingSurvivesAnInterruptedThread() throws Exception {
        Thread.currentThread().interrupt();
        try {
            file().save(new Snap(5, List.of()));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is kept (and cleared here)");
        }
        assertEquals(5, file().load().orElseThrow().n());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("s.json"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aFileOfAnUntrustedUserIsNotBelieved() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Posix.uid() == 0, "needs root to make a file of another user");
        file().save(new Snap(1, List.of()));
        Files.setAttribute(dir.resolve("s.json"), "unix:uid", 4321);
        StateFile<Snap> f = new StateFile<>(dir.resolve("s.json"), Snap.class, uid -> uid != 4321);
        var c = assertInstanceOf(StateFile.Loaded.Corrupt.class, f.read());
        assertTrue(c.toString().contains("owned by uid 4321"), c.toString());
    }
}
