package io.dockmedic.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.journal.StateDir;
import io.dockmedic.journal.StateFile;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each control request takes effect exactly once, whoever owns its file. Tests run as root, who can remove any file,
 * so a file the agent cannot remove (root's, in the .deb layout) is simulated by the file operations.
 */
class ControlPollerTest {
    @TempDir
    Path stateDir;

    StateDir state;
    /** Request files the "agent" may not remove, and ones it cannot read. */
    final Set<String> undeletable = new HashSet<>();
    final Set<String> unreadable = new HashSet<>();
    final List<String> applied = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        state = StateDir.open(stateDir);
    }

    private ControlPoller poller() {
        ControlPoller.ControlFiles real = new ControlPoller.Dir(state);
        ControlPoller.ControlFiles files = new ControlPoller.ControlFiles() {
            @Override
            public void list(Consumer<String> name) throws IOException {
                real.list(name);
            }

            @Override
            public byte[] read(String name, int max) throws IOException {
                if (unreadable.contains(name)) {
                    throw new AccessDeniedException(name);
                }
                return real.read(name, max);
            }

            @Override
            public void writeAck(RequestId id, String answer) throws IOException {
                real.writeAck(id, answer);
            }

            @Override
            public void delete(String name) throws IOException {
                if (undeletable.contains(name)) {
                    throw new AccessDeniedException(name);
                }
                real.delete(name);
            }
        };
        return new ControlPoller(files, new StateFile<>(state.resolve(ControlPoller.APPLIED_FILE), ControlPoller.Applied.class),
                Clock.systemUTC(), (id, r) -> {
                    if (r instanceof ControlRequest.Rearm rearm && rearm.service().equals("boom")) {
                        throw new IllegalStateException("boom");
                    }
                    applied.add(r.toJson().toString());
                    return "ok";
                });
    }

    private boolean exists(Control.Submitted s) {
        return Files.exists(state.resolve("control").resolve(s.id().requestFile()));
    }

    @Test
    void aRequestTheAgentCannotRemoveIsAppliedOnceAndStarvesNothing() throws Exception {
        Control.Submitted pause = Control.submit(stateDir, new ControlRequest.Pause("30m"));
        undeletable.add(pause.id().requestFile());
        ControlPoller p = poller();
        for (int i = 0; i < 5; i++) {
            p.poll();
        }
        assertEquals(List.of("{\"command\":\"pause\",\"for\":\"30m\"}"), applied, "applied once, not every poll");
        assertEquals("ok", Control.await(pause, Duration.ofSeconds(1)).orElseThrow());

        Control.Submitted resume = Control.submit(stateDir, new ControlRequest.Resume());
        p.poll();
        p.poll();
        assertEquals(2, applied.size(), "a later request is not starved by the stuck one");
        assertFalse(exists(resume));

        // the agent restarts: the stuck request is still not applied again
        ControlPoller restarted = poller();
        restarted.poll();
        restarted.poll();
        assertEquals(2, applied.size());

        // once it can be removed (e.g. chowned), it is, and nothing is left to remember
        undeletable.clear();
        restarted.poll();
        assertFalse(exists(pause));
        assertEquals(List.of(), new StateFile<>(state.resolve(ControlPoller.APPLIED_FILE), ControlPoller.Applied.class)
                .load().orElseThrow().ids());
        assertEquals(2, applied.size());
    }

    @Test
    void oneFailingRequestDoesNotStopTheOthers() throws Exception {
        Control.Submitted unreadableOne = Control.submit(stateDir, new ControlRequest.Pause("1m"));
        unreadable.add(unreadableOne.id().requestFile());
        undeletable.add(unreadableOne.id().requestFile());
        Control.Submitted failing = Control.submit(stateDir, new ControlRequest.Rearm("boom"));
        Control.Submitted fine = Control.submit(stateDir, new ControlRequest.Rearm("shop/app"));
        ControlPoller p = poller();
        p.poll();
        p.poll();
        assertEquals(List.of("{\"command\":\"rearm\",\"service\":\"shop/app\"}"), applied);
        assertTrue(Control.await(unreadableOne, Duration.ofSeconds(1)).orElseThrow().startsWith("error: request "));
        assertEquals("error: rearm failed: boom", Control.await(failing, Duration.ofSeconds(1)).orElseThrow());
        assertEquals("ok", Control.await(fine, Duration.ofSeconds(1)).orElseThrow());
        assertFalse(exists(failing), "a failed request is consumed too: it is not retried every half second");
    }

    @Test
    void namesThatAreNotRequestIdsAreNeverTurnedIntoPaths() throws Exception {
        Path control = Files.createDirectories(state.resolve("control"));
        Files.writeString(control.resolve("req-..json"), "{\"command\":\"resume\"}");
        Files.writeString(control.resolve("req-1-x.json"), "{\"command\":\"resume\"}");
        Files.writeString(control.resolve("other.json"), "{\"command\":\"resume\"}");
        poller().poll();
        assertEquals(List.of(), applied);
        try (var files = Files.list(control)) {
            assertEquals(3, files.count(), "nothing acknowledged, nothing removed");
        }
    }

    @Test
    void aHugeRequestIsRefusedWithoutReadingIt() throws Exception {
        Path control = Files.createDirectories(state.resolve("control"));
        Path big = control.resolve("req-1700000000000-00000001.json");
        Files.write(big, new byte[10 << 20]);
        poller().poll();
        assertEquals(List.of(), applied);
        assertTrue(Files.readString(control.resolve("req-1700000000000-00000001.ack")).contains("larger than 4096 bytes"));
        assertFalse(Files.exists(big));
    }

    @Test
    void aLinkedRequestIsNotFollowed() throws Exception {
        Path control = Files.createDirectories(state.resolve("control"));
        Path target = Files.writeString(stateDir.resolve("target.json"), "{\"command\":\"resume\"}");
        Files.createSymbolicLink(control.resolve("req-1700000000000-00000001.json"), target);
        poller().poll();
        assertEquals(List.of(), applied);
        assertTrue(Files.readString(control.resolve("req-1700000000000-00000001.ack")).contains("symbolic link"));
        assertTrue(Files.exists(target), "removing the link leaves its target");
    }

    @Test
    void manyPendingRequestsAreTakenOldestFirstInBoundedBatches() throws Exception {
        Path control = Files.createDirectories(state.resolve("control"));
        for (int i = 0; i < ControlPoller.MAX_PER_POLL + 8; i++) {
            Files.writeString(control.resolve(String.format("req-17000000000%02d-00000000.json", i)),
                    "{\"command\":\"rearm\",\"service\":\"s" + i + "\"}");
        }
        ControlPoller p = poller();
        p.poll();
        assertEquals(ControlPoller.MAX_PER_POLL, applied.size());
        assertEquals("{\"command\":\"rearm\",\"service\":\"s0\"}", applied.get(0));
        p.poll();
        assertEquals(ControlPoller.MAX_PER_POLL + 8, applied.size());
        assertEquals("{\"command\":\"rearm\",\"service\":\"s39\"}", applied.get(applied.size() - 1));
    }
}
