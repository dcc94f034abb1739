package io.dockmedic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code remediation status} on any state file: a report, never a NullPointerException. */
class RemediationStatusTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private Run status() throws Exception {
        Path cfg = Files.writeString(dir.resolve("cli.yml"), "state_dir: " + dir.resolve("state") + "\n");
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.execute("remediation", "status", "--config", cfg.toString());
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "{\"pausedUntil\":1,\"serv", "{\"services\":[{\"project\":null,\"attempts\":[1]}]}",
            "{\"services\":[null]}", "{\"services\":{\"a\":1}}", "{\"projects\":{\"p\":[null]}}", "HUGE"})
    void aBadStateFileIsReportedNotThrown(String content) throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        if (content.equals("HUGE")) {
            Files.write(state.resolve("remediation-state.json"), new byte[(1 << 20) + 1]);
        } else {
            Files.writeString(state.resolve("remediation-state.json"), content);
        }
        Run r = status();
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("remediation state unusable: " + state.toRealPath().resolve("remediation-state.json")), r.out());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void aFileTheAgentMovedAsideIsMentioned() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("remediation-state.json.corrupt-20260101T000000Z"), "{");
        Run r = status();
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("moved aside to remediation-state.json.corrupt-20260101T000000Z"), r.out());
        assertTrue(r.out().contains("no remediation state yet"), r.out());
    }
}
