package io.dockmedic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped jar as a user runs it: exit codes of the contract, clean SIGTERM, no secret on the terminal. */
class CliProcessIT {
    static final Path JAR = Path.of("target/dockmedic.jar");

    @TempDir
    Path tmp;

    record Result(int exit, String out, String err) {
    }

    private Process start(Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("DOCKMEDIC_"));
        pb.environment().putAll(env);
        pb.redirectOutput(tmp.resolve("out.txt").toFile());
        pb.redirectError(tmp.resolve("err.txt").toFile());
        return pb.start();
    }

    private Result run(Map<String, String> env, String stdin, String... args) throws Exception {
        Process p = start(env, args);
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "command did not end: " + List.of(args));
        return new Result(p.exitValue(), Files.readString(tmp.resolve("out.txt")), Files.readString(tmp.resolve("err.txt")));
    }

    @Test
    void versionAndHelp() throws Exception {
        Result v = run(Map.of(), null, "version");
        assertEquals(0, v.exit());
        assertTrue(v.out().startsWith("dockmedic "), v.out());
        assertTrue(v.out().contains("Java 17") || v.out().contains("Java "), v.out());
        Result h = run(Map.of(), null, "--help");
        assertEquals(0, h.exit());
        for (String c : List.of("run", "diagnose", "rules", "version")) {
            assertTrue(h.out().contains(c), "--help lists " + c);
        }
    }

    @Test
    void diagnoseLogExitCodesAndRedaction() throws Exception {
        String secretLine = "psycopg2.OperationalError: connection to \"postgresql://app:Hunter2Secret@postgres:5432/app\" failed: "
                + "FATAL:  password authentication failed for user \"app\"";
        Result hit = run(Map.of(), secretLine + "\n", "diagnose", "--log", "-", "--format", "json");
        assertEquals(0, hit.exit(), hit.err());
        assertTrue(hit.out().contains("\"rule\" : \"postgres-auth-failed\""), hit.out());
        assertFalse(hit.out().contains("Hunter2Secret"), "secret printed: " + hit.out());

        Result none = run(Map.of(), "INFO:     Application startup complete.\nFound 0 errors. Watching for file changes.\n",
                "diagnose", "--log", "-", "--format", "json");
        assertEquals(3, none.exit());
        assertTrue(none.out().contains("\"diagnoses\" : [ ]"), none.out());

        Result missing = run(Map.of(), null, "diagnose", "--log", tmp.resolve("nope.log").toString());
        assertEquals(6, missing.exit(), "an input that cannot be read has its own exit code");
        assertTrue(missing.err().contains("nope.log: no such file"), missing.err());

        Result usage = run(Map.of(), null, "diagnose");
        assertEquals(2, usage.exit());
    }

    @Test
    void diagnoseContainerWithNoEngineIsExitOne() throws Exception {
        Result r = run(Map.of("DOCKMEDIC_DOCKER_HOST", "unix://" + tmp.resolve("no-engine.sock")), null, "diagnose", "some-app");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("does not answer"), r.err());
    }

    @Test
    void badConfigIsExitTwoWithEveryProblem() throws Exception {
        Path cfg = tmp.resolve("dockmedic.yml");
        Files.writeString(cfg, "http:\n  listen: nowhere\nremediation:\n  mode: enforced\n"
                + "  webhook_url: ftp://ops:Hunter2secret@hooks.example\nbogus: 1\n");
        Result r = run(Map.of(), null, "run", "--config", cfg.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("dockmedic.yml:2:11: http.listen: is not HOST:PORT"), r.err());
        assertTrue(r.err().contains("dockmedic.yml:4:9: remediation.mode: is not one of: dry-run, enforce"), r.err());
        assertTrue(r.err().contains("dockmedic.yml:5:16: remediation.webhook_url: is not an http:// or https:// URL"), r.err());
        assertTrue(r.err().contains("bogus"), r.err());
        assertFalse(r.err().contains("Hunter2secret") || r.err().contains("enforced"), "never the value: " + r.err());
    }

    @Test
    void runServesMetricsAndStopsCleanlyOnSigtermWithinFiveSeconds() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = start(Map.of("DOCKMEDIC_HTTP_LISTEN", "127.0.0.1:" + port, "DOCKMEDIC_RULES_DIRS", "",
                "DOCKMEDIC_STATE_DIR", tmp.toString(), "DOCKMEDIC_DOCKER_HOST", TestDocker.engineHost()), "run");
        HttpClient http = HttpClient.newHttpClient();
        String metrics = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && metrics == null) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"event_stream_up\":true")) {
                    metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                }
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        assertTrue(metrics != null, "agent did not become ready: " + Files.readString(tmp.resolve("err.txt")));
        assertTrue(metrics.contains("dockmedic_build_info{"), metrics);
        assertTrue(metrics.contains("dockmedic_rules_loaded "), metrics);
        assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM metrics bound");
        long t0 = System.nanoTime();
        new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(5, TimeUnit.SECONDS), "not stopped within 5 s of SIGTERM");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("err.txt")));
        assertTrue(Files.readString(tmp.resolve("err.txt")).contains("dockmedic stopped"));
        System.out.println("SIGTERM to exit: " + ms + " ms");
    }

    /**
     * The launcher (packaging/dockmedic) with the shipped flags: an OutOfMemoryError in a CLI
     * command (a 64 MiB rules file read whole in the 48 MiB heap) is exit 1 with one line, not
     * -XX:+ExitOnOutOfMemoryError's 3 ("nothing matched"), which only "run" gets.
     */
    @Test
    void outOfMemoryThroughTheLauncherIsExitOne() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.createSymbolicLink(home.resolve("dockmedic.jar"), JAR.toAbsolutePath());
        Files.copy(Path.of("packaging/jvm.options"), home.resolve("jvm.options"));
        Path big = tmp.resolve("big.yml");
        // under the 8 MiB a YAML file may have, but two million nodes do not fit the 48 MiB heap
        Files.write(big, "- x\n".repeat(2_000_000).getBytes(StandardCharsets.UTF_8));
        ProcessBuilder pb = new ProcessBuilder("sh", "packaging/dockmedic", "rules", "check", big.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("DOCKMEDIC_"));
        pb.environment().put("DOCKMEDIC_HOME", home.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.redirectOutput(tmp.resolve("out.txt").toFile());
        pb.redirectError(tmp.resolve("err.txt").toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "rules check did not end");
        String err = Files.readString(tmp.resolve("err.txt"));
        assertEquals(1, p.exitValue(), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("dockmedic: out of memory"), err);
    }
}
