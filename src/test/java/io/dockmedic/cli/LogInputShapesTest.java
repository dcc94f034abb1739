package io.dockmedic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dockmedic diagnose --log} on log input of any shape and size, in a JVM of its own with the
 * shipped flags ({@code packaging/jvm.options}: a 48 MiB heap, exit on OutOfMemoryError): a 10 MB
 * single line, invalid UTF-8, ANSI colours, NUL bytes and CRLF before a real failure line (exit 0,
 * the right rule), a 64 MiB log whose failure is its FIRST line (the whole input is classified,
 * streamed), a 50 MB file of benign lines (exit 3), and input that cannot be read (its own exit code,
 * one line naming the file and the reason). An exception or an OutOfMemoryError would end the JVM
 * with another code.
 */
class LogInputShapesTest {
    private static final String FAILURE_LINE = "psycopg2.OperationalError: connection to server at \"postgres\" (172.18.0.2), "
            + "port 5432 failed: FATAL:  password authentication failed for user \"app\"";

    private record Run(int exit, String out, String err) {
    }

    /** The JVM flags dockmedic ships with (the launcher reads the same file as a java @argfile). */
    static List<String> shippedJvmFlags() throws IOException {
        return Files.readAllLines(Path.of("packaging/jvm.options")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
    }

    private static Run diagnose(String log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(shippedJvmFlags());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "diagnose", "--log", log, "--format", "json", "--lang", "en"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "diagnose did not finish");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static void writeRepeated(OutputStream out, byte[] line, long bytes) throws IOException {
        for (long n = 0; n < bytes; n += line.length) {
            out.write(line);
        }
    }

    @Test
    void everyShapeOfInputBeforeARealFailureIsDiagnosed(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("shapes.log");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(log), 1 << 16)) {
            out.write("\u001B[32mINFO\u001B[0m starting\r\n".getBytes(StandardCharsets.UTF_8));
            out.write(new byte[] {'b', 'a', 'd', ' ', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, ' ', 'u', 't', 'f', '\n'});
            out.write("nul\u0000bytes\u0000here\r\n".getBytes(StandardCharsets.UTF_8));
            writeRepeated(out, "x".repeat(4096).getBytes(StandardCharsets.US_ASCII), 10L * 1024 * 1024);
            out.write('\n');
            out.write(("\u001B[31m" + FAILURE_LINE + "\u001B[0m\r\n").getBytes(StandardCharsets.UTF_8));
        }
        Run r = diagnose(log.toString());
        assertEquals(Main.OK, r.exit(), r.err());
        assertTrue(r.out().contains("\"rule\" : \"postgres-auth-failed\""), r.out());
        assertFalse(r.out().contains("\u001B"), "ANSI codes never reach the output");
        assertFalse(r.out().contains("xxxxxxxxxx"), "the overlong line is not evidence");
    }

    /**
     * The failure is the first line of 64 MiB: it used to be dropped (only the last 20,000 lines were
     * kept) or the JVM ran out of its 48 MiB heap and exited 3, "nothing matched".
     */
    @Test
    void aFailureAtTheStartOfSixtyFourMebibytesIsDiagnosedWithTheShippedHeap(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("long.log");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(log), 1 << 16)) {
            out.write((FAILURE_LINE + "\n").getBytes(StandardCharsets.UTF_8));
            StringBuilder ids = new StringBuilder();
            for (int i = 0; ids.length() < 3000; i++) {
                ids.append(i == 0 ? "" : ",").append(100000 + i * 7);
            }
            // ~3 KiB lines: the last 20,000 of them alone are more than the 48 MiB heap
            byte[][] benign = {
                ("{\"level\":\"info\",\"msg\":\"request completed\",\"path\":\"/api/items?ids=" + ids + "\",\"status\":200}\n")
                        .getBytes(StandardCharsets.UTF_8),
                ("2024-05-01T10:00:00.000Z INFO  [http-nio-8080-exec-3] c.e.api.ItemController : GET /api/items?page=2 200 12ms\n")
                        .getBytes(StandardCharsets.UTF_8),
            };
            long written = 0;
            for (int i = 0; written < 64L * 1024 * 1024; i++) {
                byte[] line = benign[i % 8 == 7 ? 1 : 0];
                out.write(line);
                written += line.length;
            }
        }
        Run r = diagnose(log.toString());
        assertEquals(Main.OK, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("\"rule\" : \"postgres-auth-failed\""), r.out());
    }

    @Test
    void fiftyMegabytesOfBenignLinesMatchNothing(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("benign.log");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(log), 1 << 16)) {
            writeRepeated(out, ("2024-05-01T10:00:00.000Z INFO  [http-nio-8080-exec-3] c.e.api.ItemController : "
                    + "GET /api/items?page=2 200 12ms\r\n").getBytes(StandardCharsets.UTF_8), 50L * 1024 * 1024);
        }
        Run r = diagnose(log.toString());
        assertEquals(Main.NOTHING_MATCHED, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("\"diagnoses\" : [ ]"), r.out());
    }

    @Test
    void aMissingFileIsAnInputErrorOnOneLine(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.log");
        Run r = diagnose(missing.toString());
        assertEquals(Main.INPUT_ERROR, r.exit(), r.err() + r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(missing + ": no such file"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aDirectoryIsAnInputErrorOnOneLine(@TempDir Path dir) throws Exception {
        Run r = diagnose(dir.toString());
        assertEquals(Main.INPUT_ERROR, r.exit(), r.err() + r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(dir + ": is a directory"), r.err());
    }
}
