package io.dockmedic.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EngineMessageTest {
    private static String of(String body) {
        return EngineMessage.of(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theEnginesJsonMessage() {
        assertEquals("No such container: abc", of("{\"message\":\"No such container: abc\"}\n"));
    }

    @Test
    void aBodyThatIsNotJsonAsItIs() {
        assertEquals("502 Bad Gateway", of("502 Bad Gateway\n"));
    }

    @Test
    void readsAtMostOneKibibyte() {
        assertEquals(1024, of("x".repeat(5000)).length());
    }
}
