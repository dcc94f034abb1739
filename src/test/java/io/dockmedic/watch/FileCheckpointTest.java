package io.dockmedic.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.journal.StateDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointTest {
    @TempDir
    Path tmp;

    @Test
    void savedTimeIsReadBackByTheNextAgent() throws Exception {
        StateDir dir = StateDir.open(tmp.resolve("state"));
        assertEquals(OptionalLong.empty(), new FileCheckpoint(dir, Clock.systemUTC()).load(), "first start: none");
        new FileCheckpoint(dir, Clock.systemUTC()).save(1_765_000_000_123_456_789L);
        assertEquals(OptionalLong.of(1_765_000_000_123_456_789L), new FileCheckpoint(dir, Clock.systemUTC()).load());
    }

    @Test
    void anUnusableCheckpointIsSetAsideAndTheAgentStartsAsOnItsFirstStart() throws Exception {
        StateDir dir = StateDir.open(tmp.resolve("state"));
        for (String bad : new String[] {"{\"seenUntilNanos\":-5}", "{\"seenUntilNanos\":\"x\"}", "[1]", "{"}) {
            Files.writeString(dir.resolve(FileCheckpoint.FILE), bad, StandardCharsets.UTF_8);
            assertEquals(OptionalLong.empty(), new FileCheckpoint(dir, Clock.systemUTC()).load(), bad);
            assertTrue(Files.notExists(dir.resolve(FileCheckpoint.FILE)), "moved aside: " + bad);
        }
        try (Stream<Path> files = Files.list(dir.path())) {
            assertEquals(4, files.filter(p -> p.getFileName().toString().startsWith(FileCheckpoint.FILE + ".corrupt-")).count());
        }
    }
}
