package io.dockmedic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OutOfMemoryError in a CLI command, in a JVM of its own with the flags the launcher gives a CLI
 * command ({@code packaging/jvm.options} without the daemon-only "#run:" lines: a 48 MiB heap), ends
 * with exit 1 and one line: not 3, which is diagnose's "nothing matched" and what
 * -XX:+ExitOnOutOfMemoryError used to make of it. The input: an 8 MB rules file of two million list items (its node tree does not fit).
 */
class CliOutOfMemoryTest {

    @Test
    void outOfMemoryInACommandIsExitOneWithOneLine(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.yml");
        // under the 8 MiB a YAML file may have, but two million nodes do not fit the 48 MiB heap
        Files.write(big, "- x\n".repeat(2_000_000).getBytes(StandardCharsets.UTF_8));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(LogInputShapesTest.shippedJvmFlags());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "rules", "check", big.toString()));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "rules check did not end");
        assertEquals(Main.FATAL, p.exitValue(), "exit code; stderr: " + err);
        assertEquals(1, err.strip().lines().count(), "one line: " + err);
        assertTrue(err.startsWith("dockmedic: out of memory"), err);
        assertFalse(out.contains("OK"), out);
    }
}
