package io.dockmedic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dockmedic run} refuses a bad configuration with exit 2, also what is only found while the agent starts. */
class RunCommandTest {

    /** The engine client is built while the agent starts (PendingEngine): its TLS files are still checked before it runs. */
    @Test
    void anEngineTlsFileThatCannotBeUsedIsAUsageError(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("key.pem"), "not a PEM file\n");
        Path cfg = dir.resolve("dockmedic.yml");
        Files.writeString(cfg, String.join("\n", "http:", "  listen: 127.0.0.1:0", "rules:", "  dirs: []",
                "state_dir: " + dir.resolve("state"), "docker:", "  host: tcp://127.0.0.1:9",
                "  tls:", "    ca: " + garbage, "    cert: " + garbage, "    key: " + garbage, ""));
        PrintStream err = System.err;
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Main.execute("run", "--config", cfg.toString()));
        } finally {
            System.setErr(err);
        }
        String message = e.toString(StandardCharsets.UTF_8);
        assertEquals(Main.USAGE, code, message);
        assertTrue(message.contains("docker.tls"), message);
    }
}
