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
 */
final class PodmanService implements AutoCloseable {
    private final Path dir;
    private final Path socket;
    private final Process service;
    private DockerClient client;

    PodmanService(String prefix) throws Exception {
        if (!onPath("podman")) {
            throw new AssertionError("podman is not installed: scripts/test.sh installs it (dm_ensure_podman), "
                    + "or run apt-get install -y podman");
        }
        dir = Files.createDirectories(Path.of("target", prefix).toAbsolutePath());
        socket = dir.resolve("podman.sock");
        Files.deleteIfExists(socket);
        Files.writeString(dir.resolve("containers.conf"),
                "[containers]\ndefault_ulimits = [\"nofile=20000:20000\",\"nproc=32768:32768\"]\n", StandardCharsets.UTF_8);
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
        List<String> cmd = new ArrayList<>(List.of("podman"));
        cmd.addAll(List.of(args));
        Process p = builder(cmd).redirectErrorStream(true).start();
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
        podman("import", tar.toString(), image);
    }

    /** A docker-java client on the Podman socket (the Docker-compatible API). */
    synchronized DockerClient client() {
        if (client == null) {
            client = TestDocker.clientFor(host());
        }
        return client;
    }

    private ProcessBuilder builder(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("CONTAINERS_CONF", dir.resolve("containers.conf").toString());
        return pb;
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
    }
}
