package io.dockmedic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.text.Printable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CLI messages name files and keys from outside: escaped, and never a value; log lines in a text report escaped. */
class CliMessagesTest {

    private static String[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            Main.execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new String[] {o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    private static void assertPrintable(String text) {
        assertEquals(0, text.codePoints().filter(c -> Printable.unsafe(c) && c != '\n').count(), text);
    }

    @Test
    void aConfigKeyWithEscapesAndAValueWithASecretArePrintedSafely(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("dockmedic.yml");
        Files.writeString(cfg, "\"http\\e]0;owned\\a\\u202e\": 1\nremediation:\n  webhook_url: ftp://u:Hunter2secret@x\n");
        String err = run("rules", "check", "--config", cfg.toString())[1];
        assertTrue(err.contains("\\x1b]0;owned\\x07\\u202e"), err);
        assertTrue(err.contains("dockmedic.yml:3:16: remediation.webhook_url: is not an http:// or https:// URL"), err);
        assertFalse(err.contains("Hunter2secret"), err);
        assertPrintable(err);
    }

    @Test
    void logLinesWithEscapesArePrintedEscapedByDiagnoseLog(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("app.log");
        Files.writeString(log, "FATAL:  password authentication failed for user \"app\" \u009b2J \u202eevil\n"
                + "panic: frobnicator exploded \u202e\u2066x\n", StandardCharsets.UTF_8);
        String text = run("diagnose", "--log", log.toString(), "--format", "text")[0];
        assertTrue(text.contains("\\x9b2J \\u202eevil"), text);
        assertPrintable(text);
        String json = run("diagnose", "--log", log.toString(), "--format", "json")[0];
        assertTrue(json.contains("\\u009b2J \\u202eevil"), json);
        assertPrintable(json);
    }

    @Test
    void picocliErrorsAreEscapedAndNeverEchoAValue() {
        // a mistyped option with a secret and a terminal escape in it: the name only, escaped
        String err = run("diagnose", "--pasword=Hunter2secret\u001b]0;owned\u0007", "--log", "x.log")[1];
        assertTrue(err.contains("'--pasword'") || err.contains("--pasword=..."), err);
        assertFalse(err.contains("Hunter2secret"), err);
        assertTrue(err.contains("Usage:") || err.contains("Did you mean"), "picocli's usage hint is kept: " + err);
        assertPrintable(err);
        // a secret given as a stray argument after an unknown option: counted, not shown
        err = run("rules", "check", "--password", "Hunter2secret\u202e")[1];
        assertTrue(err.contains("'--password'"), err);
        assertFalse(err.contains("Hunter2secret"), err);
        assertPrintable(err);
        // a bad value of a known option: the option is named, the value is not shown
        err = run("rules", "suggest", "--log", "x.log", "--top", "Hunter2secret\u001b[2J\u0085")[1];
        assertTrue(err.contains("--top"), err);
        assertFalse(err.contains("Hunter2secret"), err);
        assertPrintable(err);
        // a short value does not garble the message
        err = run("diagnose", "--log", "x.log", "--format", "t")[1];
        assertTrue(err.startsWith("Invalid value for option '--format'"), err);
        // a stray argument alone
        err = run("version", "Hunter2secret")[1];
        assertTrue(err.startsWith("Unknown input: 1 unmatched argument (not shown)"), err);
        assertFalse(err.contains("Hunter2secret"), err);
    }
}
