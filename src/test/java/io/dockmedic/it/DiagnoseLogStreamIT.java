package io.dockmedic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar with the shipped JVM flags ({@code packaging/jvm.options}: a 48 MiB heap) reads
 * 200 MB piped to {@code diagnose --log -} as they come, never holding them: the failure in the
 * first lines is found (it used to be cut off with all but the last 20,000 lines), exit 0.
 * Prints the throughput (a noisy shared machine: the time bound is generous, not a benchmark).
 */
class DiagnoseLogStreamIT {
    private static final long BYTES = 200L * 1000 * 1000;

    @TempDir
    Path tmp;

    @Test
    void twoHundredMegabytesOnStdinAreClassifiedWholeInTheShippedHeap() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(Files.readAllLines(Path.of("packaging/jvm.options")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
        cmd.addAll(List.of("-jar", CliProcessIT.JAR.toString(), "diagnose", "--log", "-", "--format", "json"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("DOCKMEDIC_"));
        pb.redirectOutput(tmp.resolve("out.txt").toFile());
        pb.redirectError(tmp.resolve("err.txt").toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        CompletableFuture<Long> written = CompletableFuture.supplyAsync(() -> {
            try (OutputStream in = p.getOutputStream()) {
                return write(in);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "diagnose --log - did not end");
        double seconds = (System.nanoTime() - t0) / 1e9;
        String out = Files.readString(tmp.resolve("out.txt"));
        String err = Files.readString(tmp.resolve("err.txt"));
        assertEquals(BYTES, written.get(10, TimeUnit.SECONDS), "every byte was read");
        assertEquals(0, p.exitValue(), err + out);
        assertTrue(out.contains("\"rule\" : \"redis-connection-failed\""), out);
        System.out.printf("diagnose --log -: %d MB in %.1f s (%.1f MB/s)%n", BYTES / 1_000_000, seconds, BYTES / 1e6 / seconds);
    }

    /** A failure, then benign lines of a few kinds (with varying numbers) up to {@link #BYTES}. */
    private static long write(OutputStream in) throws IOException {
        byte[] failure = "redis.exceptions.ConnectionError: Error 111 connecting to redis:6379. Connection refused.\n"
                .getBytes(StandardCharsets.UTF_8);
        String[] benign = {
            "2024-05-01T10:00:%02d.000Z INFO  [http-nio-8080-exec-3] c.e.api.ItemController : GET /api/items?page=%d 200 12ms\n",
            "INFO:     172.18.0.%d:%d - \"GET /health HTTP/1.1\" 200 OK\n",
            "{\"level\":\"info\",\"ts\":1714557600.%d,\"msg\":\"request completed\",\"status\":200,\"duration_ms\":%d}\n",
        };
        byte[] chunk = new byte[1 << 20];
        int used = 0;
        long total = 0;
        System.arraycopy(failure, 0, chunk, 0, failure.length);
        used += failure.length;
        for (int i = 0; total + used < BYTES; i++) {
            byte[] line = String.format(benign[i % benign.length], i % 60, i % 997).getBytes(StandardCharsets.UTF_8);
            int n = (int) Math.min(line.length, BYTES - total - used);
            if (used + n > chunk.length) {
                in.write(chunk, 0, used);
                total += used;
                used = 0;
            }
            System.arraycopy(line, 0, chunk, used, n);
            used += n;
        }
        in.write(chunk, 0, used);
        return total + used;
    }
}
