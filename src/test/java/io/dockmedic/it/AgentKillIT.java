package io.dockmedic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent (the shipped jar, a process of its own with a state dir) is SIGKILLed in the middle of
 * a burst of 30 containers turning unhealthy, more turn unhealthy while it is dead, and it is
 * started again on the same state dir: every container that turned unhealthy has an active
 * diagnosis, each diagnosed once by the new process; the journal written up to the kill is still
 * one JSON record per line. A container that crashes (exit 3, nobody asked) while the agent is dead is
 * diagnosed once by the restarted agent (from its event checkpoint), even when the engine's small event
 * buffer no longer holds its die; one stopped by a user meanwhile ({@code docker stop}: 143) is not.
 */
class AgentKillIT {
    private static final int N = 30;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Process agent(Path state, int port, String log) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", CliProcessIT.JAR.toString(), "run");
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("DOCKMEDIC_"));
        pb.environment().putAll(Map.of("DOCKMEDIC_HTTP_LISTEN", "127.0.0.1:" + port, "DOCKMEDIC_RULES_DIRS", "",
                "DOCKMEDIC_REMEDIATION_PLAYBOOK_DIRS", "", "DOCKMEDIC_STATE_DIR", state.toString(),
                "DOCKMEDIC_DOCKER_HOST", TestDocker.engineHost(), "DOCKMEDIC_WATCH_REFRESH_INTERVAL", "2s"));
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve(log).toFile());
        return pb.start();
    }

    private String get(int port, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Sum of a metric's samples whose line holds every fragment. */
    private double value(int port, String metric, String... fragments) {
        double sum = 0;
        for (String line : get(port, "/metrics").split("\n")) {
            if (!line.startsWith(metric + "{") && !line.startsWith(metric + " ")) {
                continue;
            }
            boolean all = true;
            for (String f : fragments) {
                all &= line.contains(f);
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private void await(String what, Duration timeout, Predicate<Void> ok, String log) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ok.test(null)) {
                return;
            }
            Thread.sleep(200);
        }
        List<String> lines = Files.readAllLines(tmp.resolve(log));
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "\n--- agent output (tail):\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
    }

    private static String name(int i) {
        return String.format("faults-kill-k%02d", i);
    }

    private boolean diagnosed(int port, int from, int to) {
        String metrics = get(port, "/metrics");
        for (int i = from; i < to; i++) {
            String container = "container=\"" + name(i) + "\"";
            if (metrics.lines().noneMatch(l -> l.startsWith("dockmedic_active_diagnosis{") && l.contains(container))) {
                return false;
            }
        }
        return true;
    }

    /** Waits until {@code /tmp/healthy} exists, then exits 3 (a crash); a SIGTERM ends it with 143. */
    private static TestDocker.Spec crasher(String name, String service) {
        return new TestDocker.Spec(name).compose("faults-kill", service).noHealthcheck()
                .onStart("trap 'exit 143' TERM; while ! test -f /tmp/healthy; do /bin/busybox sleep 0.2; done").exit(3);
    }

    private static boolean exited(TestDocker docker, String id) {
        return !Boolean.TRUE.equals(docker.client().inspectContainerCmd(id).exec().getState().getRunning());
    }

    @Test
    void sigkillInTheMiddleOfABurstLosesNoTransition() throws Exception {
        Path state = Files.createDirectories(tmp.resolve("state"));
        int port1 = freePort();
        Process first = agent(state, port1, "first.log");
        Process second = null;
        java.util.concurrent.atomic.AtomicBoolean stopBurst = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.ExecutorService starter = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (TestDocker docker = new TestDocker()) {
            // an earlier run that was killed half-way leaves containers of these fixed names behind
            for (int i = 0; i < N; i++) {
                docker.remove(name(i));
            }
            docker.remove("ckpt-kill-crash");
            docker.remove("ckpt-kill-stopped");
            try {
                await("first agent ready", Duration.ofSeconds(60),
                        v -> get(port1, "/healthz").contains("\"event_stream_up\":true"), "first.log");
                // running before the kill, they end while the agent is dead
                String crash = docker.start(crasher("ckpt-kill-crash", "crash"));
                String stopped = docker.start(crasher("ckpt-kill-stopped", "stopped"));
                await("the first agent has saved its event checkpoint", Duration.ofSeconds(30),
                        v -> Files.exists(state.resolve("watch-checkpoint.json")), "first.log");

                // the burst: one container after the other on a thread of its own; the agent is killed
                // as soon as it has diagnosed the first few, the rest turn unhealthy while it is dead
                java.util.concurrent.Future<?> burst = starter.submit(() -> {
                    for (int i = 0; i < N && !stopBurst.get(); i++) {
                        docker.start(new TestDocker.Spec(name(i)).compose("faults-kill", String.format("k%02d", i))
                                .lines(List.of(TestDocker.DB_LINE)));
                    }
                    return null;
                });
                await("the first of the burst diagnosed", Duration.ofSeconds(30),
                        v -> value(port1, "dockmedic_diagnoses_total", "project=\"faults-kill\"") >= 2, "first.log");
                new ProcessBuilder("kill", "-KILL", Long.toString(first.pid())).start().waitFor();
                assertTrue(first.waitFor(10, TimeUnit.SECONDS), "SIGKILLed agent still running");
                assertEquals(137, first.exitValue());
                docker.recover(crash); // it crashes now, with exit 3
                docker.client().stopContainerCmd(stopped).withTimeout(10).exec();
                burst.get(300, TimeUnit.SECONDS); // a loaded machine starts a container in seconds
                await("the crasher exited", Duration.ofSeconds(30), v -> exited(docker, crash), "first.log");
                assertEquals(3L, docker.client().inspectContainerCmd(crash).exec().getState().getExitCodeLong());
                assertEquals(143L, docker.client().inspectContainerCmd(stopped).exec().getState().getExitCodeLong());
                long killedAfter = Files.readAllLines(tmp.resolve("first.log")).stream()
                        .filter(l -> l.contains("diagnosis faults-kill/")).count();
                assertTrue(killedAfter < N, "the agent was killed after the whole burst, not in its middle");
                for (int i = 0; i < N; i++) {
                    docker.awaitHealth(name(i), "unhealthy", Duration.ofSeconds(30));
                }

                int port2 = freePort();
                second = agent(state, port2, "second.log");
                await("every container of the burst diagnosed by the restarted agent", Duration.ofSeconds(60),
                        v -> diagnosed(port2, 0, N), "second.log");
                Thread.sleep(4000); // refresh ticks: nothing counts twice
                List<String> wrong = new ArrayList<>();
                for (int i = 0; i < N; i++) {
                    double total = value(port2, "dockmedic_diagnoses_total", String.format("service=\"k%02d\"", i));
                    if (total != 1.0) {
                        wrong.add(name(i) + " diagnosed " + total + " times");
                    }
                }
                await("the crash while the agent was dead diagnosed by the restarted agent", Duration.ofSeconds(30),
                        v -> value(port2, "dockmedic_active_diagnosis", "container=\"ckpt-kill-crash\"") >= 1, "second.log");
                double crashes = value(port2, "dockmedic_diagnoses_total", "service=\"crash\"");
                if (crashes != 1.0) {
                    wrong.add("ckpt-kill-crash diagnosed " + crashes + " times");
                }
                double stops = value(port2, "dockmedic_diagnoses_total", "service=\"stopped\"");
                if (stops != 0.0) {
                    wrong.add("ckpt-kill-stopped (docker stop) diagnosed " + stops + " times");
                }
                assertTrue(wrong.isEmpty(), "the restarted agent diagnoses each container once: " + wrong);
                System.out.println("diagnosed before the kill: " + killedAfter + " of " + N);

                // the journal written up to the kill: one JSON record per line (a torn last line would break readers)
                ObjectMapper json = new ObjectMapper();
                List<String> bad = new ArrayList<>();
                try (Stream<Path> files = Files.walk(state)) {
                    for (Path f : files.filter(p -> p.getFileName().toString().contains("journal")).filter(Files::isRegularFile).toList()) {
                        for (String line : Files.readAllLines(f)) {
                            try {
                                json.readTree(line);
                            } catch (IOException e) {
                                bad.add(f.getFileName() + ": " + line);
                            }
                        }
                    }
                }
                assertTrue(bad.isEmpty(), "journal lines that are not JSON after the SIGKILL: " + bad);
            } finally {
                // the burst ends before TestDocker removes this run's containers, so none is made after that
                stopBurst.set(true);
                starter.shutdown();
                starter.awaitTermination(120, TimeUnit.SECONDS);
            }
        } finally {
            first.destroyForcibly();
            if (second != null) {
                second.destroy();
                if (!second.waitFor(10, TimeUnit.SECONDS)) {
                    second.destroyForcibly();
                }
            }
        }
    }
}
