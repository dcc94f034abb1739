package io.dockmedic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dockmedic.diagnosis.Diagnoser;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.rules.RuleLoader;
import io.dockmedic.rules.RuleSet;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code diagnose --log} says about input it cannot read: one line, the file and the reason; a FIFO is read like a file. */
class DiagnoseLogInputTest {
    private static Diagnoser diagnoser;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        RuleSet rules = RuleLoader.builtin();
        diagnoser = new Diagnoser(() -> rules);
    }

    private String error(String file) {
        return assertThrows(DiagnoseCommand.InputError.class, () -> DiagnoseCommand.diagnoseLog(diagnoser, file)).getMessage();
    }

    @Test
    void missingDirectoryAndInvalidPathsAreNamedWithTheReason() {
        assertEquals(dir.resolve("nope.log") + ": no such file", error(dir.resolve("nope.log").toString()));
        assertEquals(dir + ": is a directory", error(dir.toString()));
        assertEquals("bad\u0000name: not a valid path".replace("\u0000", ""), error("bad\u0000name"));
    }

    @Test
    void controlCharactersOfTheNameNeverReachTheTerminal() {
        String name = dir.resolve("evil\u001B]0;title\u0007\nnext.log").toString();
        String message = error(name);
        assertFalse(message.contains("\u001B") || message.contains("\n") || message.contains("\u0007"), message);
        assertEquals(1, message.lines().count(), message);
    }

    @Test
    void anUnreadableFileIsPermissionDenied() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
        Path log = Files.writeString(dir.resolve("secret.log"), "x\n");
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(log), "this file system ignores permissions");
        assertEquals(log + ": permission denied", error(log.toString()));
    }

    @Test
    void aFifoIsReadLikeAFile() throws Exception {
        Path fifo = dir.resolve("pipe.log");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo is not available");
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write("INFO starting\nERROR: Address already in use\n".getBytes(StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Report r = DiagnoseCommand.diagnoseLog(diagnoser, fifo.toString());
        writer.get(10, TimeUnit.SECONDS);
        assertEquals("port-in-use", r.diagnoses().get(0).category().id(), r.toString());
    }
}
