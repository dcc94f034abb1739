package io.dockmedic.it;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Podman serving the Docker-compatible API on a private socket under {@code target/}:
 * {@code podman system service --time=0}, with the lower default ulimits containers need on these
 * machines ({@code CONTAINERS_CONF}). It fails, never skips, when podman is missing or does not start:
 * {@code scripts/test.sh} installs it ({@code dm_ensure_podman}).
 *
 * <p>{@link #rootless} runs it as an unprivileged user instead, its socket where rootless Podman puts it
 * ({@code $XDG_RUNTIME_DIR/podman/podman.sock}), its storage in that user's home.
 */
final class PodmanService implements AutoCloseable {
    /** The user rootless Podman runs as: {@code scripts/test.sh} creates it with subordinate ids ({@code dm_ensure_podman}). */
    static final String ROOTLESS_USER = "dockmedic-rootless";

    private final Path dir;
    private final Path socket;
    /** The rootless user, or null for rootful Podman. */
    private final String user;
    /** XDG_RUNTIME_DIR (rootless) or null. */
    private final Path runtimeDir;
    private final Process service;
    private DockerClient client;

    PodmanService(String prefix) throws Exception {
        this(Files.createDirectories(Path.of("target", prefix).toAbsolutePath()), null);
    }

    /** Rootless Podman as {@link #ROOTLESS_USER}, its files in a fresh directory it owns. */
    static PodmanService rootless(String prefix) throws Exception {
        if (!succeeds("id", "-u", ROOTLESS_USER)) {
            throw new AssertionError("no user " + ROOTLESS_USER + ": scripts/test.sh creates it (dm_ensure_podman)");
        }
        Path dir = Files.createTempDirectory(prefix);
        if (!succeeds("chown", ROOTLESS_USER + ":", dir.toString())) {
            throw new AssertionError("cannot give " + dir + " to " + ROOTLESS_USER + " (the test runs as root)");
        }
        return new PodmanService(dir, ROOTLESS_USER);
    }

    private PodmanService(Path dir, String user) throws Exception {
        if (!onPath("podman")) {
            throw new AssertionError("podman is not installed: scripts/test.sh installs it (dm_ensure_podman), "
                    + "or run apt-get install -y podman");
        }
        this.dir = dir;
        this.user = user;
        this.runtimeDir = user == null ? null : dir.resolve("run");
        socket = user == null ? dir.resolve("podman.sock") : runtimeDir.resolve("podman/podman.sock");
        Files.deleteIfExists(socket);
        Files.writeString(dir.resolve("containers.conf"),
                "[containers]\ndefault_ulimits = [\"nofile=20000:20000\",\"nproc=32768:32768\"]\n", StandardCharsets.UTF_8);
        if (user != null) {
            Files.createDirectories(runtimeDir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            Files.createDirectories(socket.getParent()); // podman system service does not make it
            String[] chown = {"chown", "-R", user + ":", dir.toString()};
            if (!succeeds(chown)) {
                throw new AssertionError("cannot give " + dir + " to " + user);
            }
        }
        ProcessBuilder pb = builder(List.of("podman", "system", "service", "--time=0", host()));
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile());
        service = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.exists(socket)) {
            if (!service.isAlive() || System.nanoTime() > deadline) {
                service.destroyForcibly();
                throw new AssertionError("podman system service did not start on " + socket + ": "
                        + Files.readString(dir.resolve("service.log")));
            }
            Thread.sleep(100);
        }
    }

    String host() {
        return "unix://" + socket;
    }

    /** Runs {@code podman ARGS} against the same storage and configuration; its output, or an error naming it. */
    String podman(String... args) throws IOException, InterruptedException {
        return run(dir, "podman", args);
    }

    /** The XDG_RUNTIME_DIR of rootless Podman, whose {@code podman/podman.sock} is its socket; null when rootful. */
    Path runtimeDir() {
        return runtimeDir;
    }

    /** Where the test may put files Podman (and podman-compose) read. */
    Path dir() {
        return dir;
    }

    /**
     * Runs {@code program ARGS} (podman, podman-compose) as Podman's user, with its configuration, in {@code workDir};
     * its output, or an IOException naming the command with its output.
     */
    String run(Path workDir, String program, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(program));
        cmd.addAll(List.of(args));
        Process p = builder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not end within 60s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out.strip());
        }
        return out.strip();
    }

    /** Imports a rootfs of busybox-static alone (no registry) as {@code image}. */
    void importBusybox(String image) throws IOException, InterruptedException {
        Path root = Files.createDirectories(dir.resolve("rootfs/bin"));
        Files.createDirectories(dir.resolve("rootfs/tmp"));
        Path busybox = root.resolve("busybox");
        Files.deleteIfExists(busybox);
        Files.copy(Path.of("/bin/busybox"), busybox);
        Path sh = root.resolve("sh");
        Files.deleteIfExists(sh);
        Files.createSymbolicLink(sh, Path.of("busybox"));
        Path tar = dir.resolve("rootfs.tar");
        Process p = new ProcessBuilder("tar", "-C", dir.resolve("rootfs").toString(), "-cf", tar.toString(), ".")
                .redirectErrorStream(true).start();
        if (p.waitFor() != 0) {
            throw new IOException("tar of the busybox rootfs failed: " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        if (user != null) {
            succeeds("chown", "-R", user + ":", dir.resolve("rootfs").toString(), tar.toString());
        }
        podman("import", tar.toString(), image);
    }

    /**
     * Runs the container's health check once a second, as systemd's timer would (Podman runs none by itself
     * without systemd), until the returned thread is interrupted.
     */
    Thread healthchecks(String container) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    podman("healthcheck", "run", container);
                } catch (IOException e) {
                    // unhealthy exits 1: expected
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "podman-healthcheck-" + container);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Creates (not starts) a container of {@code image} as service {@code app} of compose project {@code name}
     * that logs {@code line} and whose health check always fails (run it with {@link #healthchecks}).
     */
    String createFailing(String image, String name, String line) {
        return client().createContainerCmd(image)
                .withName(name)
                .withLabels(java.util.Map.of("com.docker.compose.project", name, "com.docker.compose.service", "app"))
                .withEntrypoint("/bin/busybox", "sh", "-c", "/bin/busybox echo '" + line + "'; exec /bin/busybox sleep 600")
                .withHealthcheck(new com.github.dockerjava.api.model.HealthCheck().withTest(List.of("CMD", "/bin/busybox", "false"))
                        .withInterval(TimeUnit.HOURS.toNanos(1)).withTimeout(TimeUnit.SECONDS.toNanos(10))
                        .withRetries(1).withStartPeriod(0L))
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode("none"))
                .exec().getId();
    }

    /** A docker-java client on the Podman socket (the Docker-compatible API). */
    synchronized DockerClient client() {
        if (client == null) {
            client = TestDocker.clientFor(host());
        }
        return client;
    }

    private ProcessBuilder builder(List<String> cmd) {
        List<String> full = new ArrayList<>();
        if (user != null) {
            full.addAll(List.of("runuser", "-u", user, "--")); // keeps the environment set below
        }
        full.addAll(cmd);
        ProcessBuilder pb = new ProcessBuilder(full);
        pb.environment().put("CONTAINERS_CONF", dir.resolve("containers.conf").toString());
        if (user != null) {
            pb.environment().put("XDG_RUNTIME_DIR", runtimeDir.toString());
            pb.environment().put("HOME", "/home/" + user);
            pb.environment().put("USER", user);
            pb.environment().put("LOGNAME", user);
        }
        return pb;
    }

    private static boolean succeeds(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws Exception {
        if (client != null) {
            client.close();
        }
        service.destroy();
        if (!service.waitFor(10, TimeUnit.SECONDS)) {
            service.destroyForcibly();
        }
        Files.deleteIfExists(socket);
        if (user != null) {
            // rootless Podman keeps a pause process holding its user namespace: it goes with the test
            Path pause = runtimeDir.resolve("libpod/tmp/pause.pid");
            if (Files.exists(pause)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pause).strip())).ifPresent(ProcessHandle::destroy);
            }
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
