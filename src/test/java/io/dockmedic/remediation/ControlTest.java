package io.dockmedic.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dockmedic.journal.Posix;
import io.dockmedic.journal.StateDir;
import io.dockmedic.journal.StateFile;
import io.dockmedic.journal.UnsafeStateDirException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI-to-agent channel through request and ack files in the state dir, on the real file system. */
class ControlTest {
    @TempDir
    Path state;

    private ControlPoller poller(List<String> seen) throws IOException {
        StateDir dir = StateDir.open(state);
        return new ControlPoller(new ControlPoller.Dir(dir), new StateFile<>(dir.resolve(ControlPoller.APPLIED_FILE),
                ControlPoller.Applied.class), Clock.systemUTC(), (id, r) -> {
                    seen.add(r.command());
                    return "ok " + r.command();
                });
    }

    private List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void requestsAreAppliedInOrderAndAcknowledged() throws Exception {
        Control.Submitted s1 = Control.submit(state, new ControlRequest.Pause("30m"));
        Control.Submitted s2 = Control.submit(state, new ControlRequest.Resume());
        Files.writeString(state.resolve("control").resolve("req-0000000000000-00000000.json"), "{not json");
        List<String> seen = new ArrayList<>();
        poller(seen).poll();
        assertEquals(List.of("pause", "resume"), seen);
        assertEquals("ok pause", Control.await(s1, Duration.ofSeconds(1)).orElseThrow());
        assertEquals("ok resume", Control.await(s2, Duration.ofSeconds(1)).orElseThrow());
        assertTrue(Files.readString(state.resolve("control").resolve("req-0000000000000-00000000.ack"))
                .startsWith("error: request 0000000000000-00000000: not valid JSON at line 1"));
        assertFalse(names(state.resolve("control")).stream().anyMatch(n -> n.endsWith(".json")), "requests are consumed");
    }

    @Test
    void aRequestFileOfAnotherUserInAStickyDirectoryIsNotBelieved() throws Exception {
        assumeTrue(Posix.uid() == 0, "needs root to make a file of another user");
        Path control = Files.createDirectory(state.resolve("control"));
        Files.setAttribute(control, "unix:mode", 01777);
        Path forged = Files.writeString(control.resolve("req-1700000000000-0badc0de.json"), "{\"command\":\"resume\"}");
        Files.setAttribute(forged, "unix:uid", 4321);
        List<String> seen = new ArrayList<>();
        poller(seen).poll();
        assertEquals(List.of(), seen);
        assertTrue(Files.readString(control.resolve("req-1700000000000-0badc0de.ack")).contains("owned by uid 4321"));
    }

    /** Root runs the CLI; the agent runs as the state dir's owner: the files must be the agent's to remove. */
    @Test
    void theCliHandsWhatItMakesToTheStateDirsOwner() throws Exception {
        assumeTrue(Posix.uid() == 0, "needs root, as the CLI under the .deb layout");
        Files.setAttribute(state, "unix:uid", 4321);
        Files.setAttribute(state, "unix:gid", 4322);
        Control.Submitted s = Control.submit(state, new ControlRequest.Pause(null));
        Path control = state.resolve("control");
        Posix.Stat dir = Posix.stat(control);
        assertEquals(List.of(4321, 4322, "0750"), List.of(dir.uid(), dir.gid(), dir.octal()));
        Posix.Stat req = Posix.stat(control.resolve(s.id().requestFile()));
        assertEquals(List.of(4321, 4322, "0640"), List.of(req.uid(), req.gid(), req.octal()));
        // an older CLI left a root-owned control dir with a request the agent could not remove
        Files.setAttribute(control, "unix:uid", 0);
        Path old = Files.writeString(control.resolve("req-1700000000000-00000001.json"), "{\"command\":\"resume\"}");
        Control.submit(state, new ControlRequest.Resume());
        assertEquals(4321, Posix.stat(control).uid(), "the old control dir is handed over");
        assertEquals(4321, Posix.stat(old).uid(), "the leftover is handed over too");
    }

    @Test
    void theCliNeverWritesThroughALinkedControlDirectory() throws Exception {
        Path elsewhere = Files.createDirectory(state.resolve("elsewhere"));
        Files.createSymbolicLink(state.resolve("control"), elsewhere);
        assertThrows(UnsafeStateDirException.class, () -> Control.submit(state, new ControlRequest.Resume()));
        assertEquals(List.of(), names(elsewhere));
    }

    @Test
    void theCliRefusesAControlDirectoryOthersCanWrite() throws Exception {
        Files.setAttribute(Files.createDirectory(state.resolve("control")), "unix:mode", 0777);
        UnsafeStateDirException e = assertThrows(UnsafeStateDirException.class,
                () -> Control.submit(state, new ControlRequest.Resume()));
        assertTrue(e.getMessage().contains("0777"), e.getMessage());
    }

    @Test
    void theCliDoesNotCreateAMissingStateDirectory() {
        IOException e = assertThrows(IOException.class, () -> Control.submit(state.resolve("nope"), new ControlRequest.Resume()));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertFalse(Files.exists(state.resolve("nope")));
    }
}
