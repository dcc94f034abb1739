package io.dockmedic.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Append-only JSON lines, reopened after a restart, rotated by size. */
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
}
