package io.dockmedic.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The text of an engine's error answer ({@code {"message": "..."}}) for a request we send through the raw HTTP
 * client (docker-java turns it into an exception only for its own commands). At most 1 KiB is read: an error
 * body is short, and a broken engine must not make us read forever.
 */
final class EngineMessage {
    private static final int MAX_BYTES = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private EngineMessage() {
    }

    static String of(InputStream body) {
        String text;
        try {
            text = new String(body.readNBytes(MAX_BYTES), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(no answer body: " + e.getMessage() + ")";
        }
        try {
            JsonNode message = JSON.readTree(text).get("message");
            return message != null && message.isTextual() ? message.asText().strip() : text;
        } catch (IOException e) {
            return text; // not JSON: the body as it is
        }
    }
}
