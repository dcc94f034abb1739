package io.dockmedic.it;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A real server of the Prometheus family (prometheus, prometheus-alertmanager) started by a test on a free
 * 127.0.0.1 port with its own temporary directory, ready once {@code /-/ready} answers 200; its output goes
 * to a log file in that directory, which {@link #close()} removes.
 */
final class ServerProcess implements AutoCloseable {
    private final String name;
    private final Path dir;
    private final Process process;
    private final String base;

    /**
     * Starts {@code binary} with the arguments {@code args} makes of (its directory, its port) and waits
     * up to 30 s for it to be ready.
     */
    ServerProcess(String name, Path binary, Path dir, Function<Integer, List<String>> args, HttpClient http)
            throws IOException, InterruptedException {
        this.name = name;
        this.dir = dir;
        int port = freePort();
        base = "http://127.0.0.1:" + port;
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args.apply(port));
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile().toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited " + process.exitValue() + ":\n" + log());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        close();
        throw new AssertionError(name + " not ready within 30 s");
    }

    /** A program from PATH; fails (never skips) with what to do when it is missing. */
    static Path tool(String name, String debianPackage) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError(name + " is not installed: run scripts/test.sh, which installs Debian's " + debianPackage
                + " package (or apt-get install " + debianPackage + ")");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Path logFile() {
        return dir.resolve(name + ".log");
    }

    String url() {
        return base;
    }

    String log() throws IOException {
        return Files.readString(logFile());
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
