package io.dockmedic.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Append-only JSON lines, reopened after a restart, rotated by size, deaf to interrupts, repaired after a kill. */
class JournalTest {
    @TempDir
    Path dir;

    final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void appendsSurviveReopening() throws Exception {
        try (Journal j = new Journal(dir, 1 << 20, 3, clock)) {
            j.append(Journal.record("decision").put("outcome", "dry_run"));
        }
        try (Journal j = new Journal(dir, 1 << 20, 3, clock)) {
            j.append(Journal.record("decision").put("outcome", "blocked"));
        }
        var all = Journal.read(dir);
        assertEquals(2, all.size());
        assertEquals("{\"time\":\"2026-01-01T00:00:00Z\",\"type\":\"decision\",\"outcome\":\"dry_run\"}", all.get(0).toString());
        assertEquals("blocked", all.get(1).path("outcome").asText());
    }

    @Test
    void rotatesBySizeKeepingTheNewest() throws Exception {
        try (Journal j = new Journal(dir, 200, 2, clock)) {
            for (int i = 0; i < 20; i++) {
                j.append(Journal.record("n").put("i", i));
            }
        }
        assertTrue(Files.size(dir.resolve(Journal.FILE)) <= 200);
        assertTrue(Files.exists(dir.resolve("journal.1.jsonl")));
        assertTrue(Files.exists(dir.resolve("journal.2.jsonl")));
        assertFalse(Files.exists(dir.resolve("journal.3.jsonl")));
        var current = Journal.read(dir);
        assertEquals(19, current.get(current.size() - 1).path("i").asInt());
    }

    /** SIGTERM interrupts a playbook thread while it journals: neither that write nor any later one may be lost. */
    @Test
    void anInterruptedWriterLosesNothing() throws Exception {
        try (Journal j = new Journal(dir, 1 << 20, 3, clock)) {
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    Thread.currentThread().interrupt();
                    j.append(Journal.record("decision").put("i", 1));
                    assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
                    j.append(Journal.record("decision").put("i", 2));
                } catch (Throwable e) {
                    failed.set(e);
                }
            });
            t.start();
            t.join();
            assertEquals(null, failed.get());
            j.append(Journal.record("decision").put("i", 3)); // another thread, later
        }
        assertEquals(List.of(1, 2, 3), Journal.read(dir).stream().map(r -> r.path("i").asInt()).toList());
    }

    @Test
    void aTornLastLineIsCutOffAndTheNextRecordStartsOnItsOwnLine() throws Exception {
        Files.writeString(dir.resolve(Journal.FILE), "{\"type\":\"a\"}\n{\"type\":\"decision\",\"outc");
        try (Journal j = new Journal(dir, 1 << 20, 3, clock)) {
            j.append(Journal.record("b"));
        }
        List<String> lines = Files.readAllLines(dir.resolve(Journal.FILE));
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("{\"type\":\"a\"}", lines.get(0));
        assertEquals("{\"time\":\"2026-01-01T00:00:00Z\",\"type\":\"b\"}", lines.get(1));
    }

    @Test
    void aWholeLastRecordWithoutItsNewlineIsKept() throws Exception {
        Files.writeString(dir.resolve(Journal.FILE), "{\"type\":\"a\"}");
        try (Journal j = new Journal(dir, 1 << 20, 3, clock)) {
            j.append(Journal.record("b"));
        }
        assertEquals(List.of("a", "b"), Journal.read(dir).stream().map(r -> r.path("type").asText()).toList());
    }

    @Test
    void neverWritesThroughALink() throws Exception {
        Path victim = Files.writeString(Files.createTempFile("victim", ".txt"), "precious\n");
        try {
            Files.createSymbolicLink(dir.resolve(Journal.FILE), victim);
            IOException e = assertThrows(IOException.class, () -> new Journal(dir, 1 << 20, 3, clock).close());
            assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
            assertEquals("precious\n", Files.readString(victim, StandardCharsets.UTF_8));
        } finally {
            Files.delete(victim);
        }
    }

    @Test
    void aNewJournalIsNotReadableByOthers() throws Exception {
        try (Journal j = new Journal(dir, 1 << 20, 3, clock)) {
            j.append(Journal.record("a"));
        }
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(Journal.FILE))));
    }

    @Test
    void aJournalOfAnotherUserIsRefused() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Posix.uid() == 0, "needs root to make a file of another user");
        Files.writeString(dir.resolve(Journal.FILE), "{\"type\":\"forged\"}\n");
        Files.setAttribute(dir.resolve(Journal.FILE), "unix:uid", 4321);
        IOException e = assertThrows(IOException.class, () -> new Journal(dir, 1 << 20, 3, clock).close());
        assertTrue(e.getMessage().contains("owned by uid 4321"), e.getMessage());
    }
}
