package io.dockmedic.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI-to-agent channel through request and ack files in the state dir. */
class ControlTest {
    @TempDir
    Path state;

    @Test
    void requestsAreAppliedInOrderAndAcknowledged() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path ack1 = Control.submit(state, json.createObjectNode().put("command", "pause").put("for", "30m"));
        Path ack2 = Control.submit(state, json.createObjectNode().put("command", "resume"));
        Files.writeString(state.resolve("control").resolve("req-0-broken.json"), "{not json");
        List<String> seen = new ArrayList<>();
        Control.poll(state, (ObjectNode r) -> {
            seen.add(r.path("command").asText());
            return "ok " + r.path("command").asText();
        });
        assertEquals(List.of("pause", "resume"), seen);
        assertEquals("ok pause", Control.await(ack1, Duration.ofSeconds(1)).orElseThrow());
        assertEquals("ok resume", Control.await(ack2, Duration.ofSeconds(1)).orElseThrow());
        assertTrue(Files.readString(state.resolve("control").resolve("req-0-broken.ack")).startsWith("error: unreadable request"));
        try (var files = Files.list(state.resolve("control"))) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".json")), "requests are consumed");
        }
    }
}
