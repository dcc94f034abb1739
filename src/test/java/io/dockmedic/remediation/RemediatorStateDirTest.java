package io.dockmedic.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.config.Config;
import io.dockmedic.config.ConfigLoader;
import io.dockmedic.journal.Journal;
import io.dockmedic.metrics.DockmedicMetrics;
import io.dockmedic.watch.FakeEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the agent opens its state dir at start: an unsafe one is a clear startup error, a corrupt state is not. */
class RemediatorStateDirTest {
    @TempDir
    Path tmp;

    final DockmedicMetrics metrics = new DockmedicMetrics("test", "test");

    @org.junit.jupiter.api.AfterEach
    void tearDown() {
        metrics.close();
    }

    private Remediator remediator(Path state) throws Exception {
        Config.Remediation cfg = ConfigLoader.load(null, Map.of(), Map.of("remediation.playbook_dirs", "")).remediation();
        return new Remediator(cfg, state, new FakeEngine(), metrics, PlaybookLoader.load(List.of()), Clock.systemUTC());
    }

    @Test
    void aStateDirOthersCanWriteIsAStartupErrorNamingItAndItsMode() throws Exception {
        Path state = Files.createDirectory(tmp.resolve("state"));
        Files.setAttribute(state, "unix:mode", 0777);
        IOException e = assertThrows(IOException.class, () -> remediator(state).close());
        assertTrue(e.getMessage().contains(state.toString()) && e.getMessage().contains("0777"), e.getMessage());
        assertEquals(0, Files.list(state).count(), "nothing written there");
    }

    @Test
    void aControlDirOthersCanWriteIsAStartupErrorToo() throws Exception {
        Path state = Files.createDirectory(tmp.resolve("state"));
        Files.setAttribute(Files.createDirectory(state.resolve("control")), "unix:mode", 0733);
        IOException e = assertThrows(IOException.class, () -> remediator(state).close());
        assertTrue(e.getMessage().contains(state.resolve("control") + " is writable by others (mode 0733)"), e.getMessage());
    }

    @Test
    void aCorruptStateFileDoesNotStopTheStart() throws Exception {
        Path state = Files.createDirectory(tmp.resolve("state"));
        Files.writeString(state.resolve(Remediator.STATE_FILE), "null");
        try (Remediator r = remediator(state)) {
            r.start();
        }
        assertTrue(Journal.read(state).stream().anyMatch(j -> "agent-start".equals(j.path("type").asText())));
        try (var files = Files.list(state)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith(Remediator.STATE_FILE + ".corrupt-")));
        }
    }
}
