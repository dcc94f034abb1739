package io.dockmedic.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dockmedic.config.NotifyTarget;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {

    private static NotifyTarget gotify(Path tokenFile) {
        return new NotifyTarget("ops", NotifyTarget.Type.GOTIFY, new NotifyTarget.Endpoint(Optional.of(URI.create("http://127.0.0.1:1/")),
                Optional.of(tokenFile), "", ""), NotifyTarget.Filter.all(), 20);
    }

    @Test
    void aFileWithMoreThanOneTokenIsNamedForWhatItHoldsNotAsUnreadable(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "s3cret-one s3cret-two\n");
        IOException e = assertThrows(IOException.class, () -> Notifier.token(gotify(file)));
        assertEquals("notify target ops: token_file does not hold one token", e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"));
    }

    @Test
    void aMissingFileIsUnreadable(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> Notifier.token(gotify(dir.resolve("absent"))));
        assertEquals("notify target ops: token_file cannot be read (NoSuchFileException)", e.getMessage());
    }

    @Test
    void oneTokenIsRead(@TempDir Path dir) throws IOException {
        assertEquals("AbC.123", Notifier.token(gotify(Files.writeString(dir.resolve("token"), "AbC.123\n"))));
    }
}
