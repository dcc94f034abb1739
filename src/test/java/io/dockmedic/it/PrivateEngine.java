package io.dockmedic.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A second, private dockerd for tests that must stop or restart an engine: the shared engine on
 * /var/run/docker.sock is never touched. It has its own data root, exec root (so its own
 * containerd), pid file, unix socket, and its own bridge (a new Linux bridge with a 10.x.y.1/24
 * address; never {@code --bridge=none}, which would delete the host's docker0), {@code --iptables=false}
 * and {@code --live-restore}. Containers on it should use {@code --network none}.
 * {@link #restart()} stops it with SIGTERM and starts it again with the same flags; {@link #close()}
 * removes its containers, stops it, unmounts and deletes its directories and the bridge.
 *
 * <p>Needs root and {@code dockerd} on the PATH: {@link #assumeAvailable()} skips the test otherwise.
 * Extra daemon flags (for example TLS on a tcp listener) go to the constructor.
 */
public final class PrivateEngine implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final Path socket;
    private final String bridge;
    private final List<String> extraArgs;
    private Process process;
    private DockerClient client;
    private int starts;

    /** Skips the calling test unless this machine can run a private dockerd. */
    public static void assumeAvailable() {
        String missing = missing();
        Assumptions.assumeTrue(missing == null, missing);
    }

    /** Fails the calling test (never skips) unless this machine can run a private dockerd. */
    public static void requireAvailable() {
        String missing = missing();
        if (missing != null) {
            throw new AssertionError(missing);
        }
    }

    /** What this machine lacks to run a private dockerd, or null. */
    private static String missing() {
        if (!"root".equals(System.getProperty("user.name")) && !isUidZero()) {
            return "a private dockerd needs root";
        }
        if (!onPath("dockerd")) {
            return "dockerd is not installed";
        }
        return onPath("ip") ? null : "iproute2 (ip) is not installed";
    }

    private static boolean isUidZero() {
        try {
            return Files.readString(Path.of("/proc/self/status")).lines()
                    .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String exe) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String d : path.split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }

    /** Starts a private engine; {@code name} (letters, digits) goes into its directory's name. */
    public PrivateEngine(String name) throws IOException, InterruptedException {
        this(name, List.of());
    }

    public PrivateEngine(String name, List<String> extraArgs) throws IOException, InterruptedException {
        assumeAvailable();
        this.extraArgs = List.copyOf(extraArgs);
        // short paths: a unix socket path must stay under 108 bytes
        this.dir = Files.createTempDirectory(Path.of("/tmp"), "dmpe-" + name + "-");
        this.socket = dir.resolve("docker.sock");
        this.bridge = "dmpe" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        try {
            createBridge();
            start();
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void createBridge() throws IOException, InterruptedException {
        String used = run(List.of("ip", "-o", "-4", "addr", "show"), false);
        for (int attempt = 0; attempt < 50; attempt++) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            String net = "10." + r.nextInt(200, 250) + "." + r.nextInt(1, 255) + ".";
            if (used.contains(" " + net)) {
                continue;
            }
            run(List.of("ip", "link", "add", bridge, "type", "bridge"), true);
            run(List.of("ip", "addr", "add", net + "1/24", "dev", bridge), true);
            run(List.of("ip", "link", "set", bridge, "up"), true);
            return;
        }
        throw new IllegalStateException("no free 10.x.y.0/24 for the private engine's bridge");
    }

    private static String run(List<String> cmd, boolean check) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(cmd + " did not end");
        }
        if (check && p.exitValue() != 0) {
            throw new IllegalStateException(cmd + " failed (" + p.exitValue() + "): " + out.strip());
        }
        return out;
    }

    /** {@code unix:///...}: the engine host for docker-java, the agent and the docker CLI. */
    public String host() {
        return "unix://" + socket;
    }

    /** The engine's own directory (data root, exec root, log); tests may put bind-mounted files under it. */
    public Path dir() {
        return dir;
    }

    /** The daemon's log (stdout and stderr of every start), for failure messages. */
    public Path log() {
        return dir.resolve("dockerd.log");
    }

    public synchronized DockerClient client() {
        if (client == null) {
            client = TestDocker.clientFor(host());
        }
        return client;
    }

    /** Starts dockerd (again) with the same flags and waits until {@code _ping} answers. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("dockerd",
                "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("docker.pid").toString(),
                "-H", host(),
                "--iptables=false", "--ip-masq=false", "--live-restore",
                "--bridge=" + bridge));
        cmd.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        pb.environment().remove("DOCKER_HOST");
        process = pb.start();
        starts++;
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!ping()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("private dockerd exited with " + process.exitValue() + ":\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("private dockerd did not answer _ping within " + START_TIMEOUT + ":\n" + tail());
            }
            Thread.sleep(100);
        }
    }

    /** SIGTERM, then waits for the daemon to exit (with --live-restore its containers keep running). */
    public synchronized void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("private dockerd did not stop within " + STOP_TIMEOUT + " of SIGTERM");
        }
    }

    /** Stops the daemon and starts it again with the same flags. */
    public void restart() throws IOException, InterruptedException {
        stop();
        start();
    }

    /** How often the daemon was started (1 + restarts). */
    public int starts() {
        return starts;
    }

    /** True when {@code GET /_ping} answers OK on the socket. */
    public boolean ping() {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(512);
            while (ch.read(buf) > 0 && buf.hasRemaining()) {
                // read the whole short answer
            }
            String answer = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
            return answer.startsWith("HTTP/1.") && answer.contains(" 200 ") && answer.endsWith("OK");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Makes {@link TestDocker#IMAGE} available: copied from the shared engine when that has it
     * ({@code docker save | docker load}), else built from scratch plus busybox as TestDocker does.
     */
    public void loadTestImage() throws IOException, InterruptedException {
        try {
            client().inspectImageCmd(TestDocker.IMAGE).exec();
            return;
        } catch (NotFoundException e) {
            // load or build it below
        }
        if (onPath("docker")) {
            copyImage(TestDocker.IMAGE);
        }
        try {
            client().inspectImageCmd(TestDocker.IMAGE).exec();
            return;
        } catch (NotFoundException e) {
            // build it below
        }
        Path ctx = Files.createTempDirectory(dir, "img");
        Files.copy(Path.of("/bin/busybox"), ctx.resolve("busybox"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY busybox /bin/busybox\n"
                + "RUN [\"/bin/busybox\", \"mkdir\", \"-p\", \"/tmp\"]\nRUN [\"/bin/busybox\", \"ln\", \"-s\", \"/bin/busybox\", \"/bin/sh\"]\n"
                + "ENTRYPOINT [\"/bin/busybox\"]\n", StandardCharsets.UTF_8);
        client().buildImageCmd(ctx.toFile()).withTags(Set.of(TestDocker.IMAGE)).withPull(false)
                .exec(new BuildImageResultCallback()).awaitImageId(120, TimeUnit.SECONDS);
    }

    /**
     * Copies an image of the shared engine to this one ({@code docker save | docker load}, no registry);
     * true when this engine has it afterwards. The shared engine is only read from.
     */
    public boolean copyImage(String image) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "docker -H \"$SRC\" save \"$IMG\" | docker -H \"$DST\" load")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        pb.environment().put("SRC", TestDocker.engineHost());
        pb.environment().put("DST", host());
        pb.environment().put("IMG", image);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        try {
            client().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** The last lines of the daemon's log. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no dockerd log: " + e.getMessage() + ")";
        }
    }

    /** Removes every container, stops the daemon, deletes the bridge and the directories. Never throws. */
    @Override
    public synchronized void close() {
        try {
            if (process != null && process.isAlive() && ping()) {
                for (Container c : client().listContainersCmd().withShowAll(true).exec()) {
                    try {
                        client().removeContainerCmd(c.getId()).withForce(true).exec();
                    } catch (RuntimeException ignored) {
                        // best effort: the daemon's stop below ends what is left
                    }
                }
            }
        } catch (RuntimeException ignored) {
            // the daemon may be down already
        }
        try {
            if (client != null) {
                client.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // closing
        }
        try {
            stop();
        } catch (InterruptedException | RuntimeException e) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
        killLeftovers();
        try {
            run(List.of("ip", "link", "del", bridge), false);
        } catch (IOException | InterruptedException | RuntimeException ignored) {
            // it may never have been created
        }
        unmountAndDelete();
    }

    /** The daemon's own containerd (and shims) under our exec root, if the stop left any. */
    private void killLeftovers() {
        String root = dir.toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(root)).orElse(false))
                .forEach(p -> {
                    p.destroy();
                    try {
                        p.onExit().get(5, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        p.destroyForcibly();
                    }
                });
    }

    private void unmountAndDelete() {
        try {
            String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
            List<String> ours = new ArrayList<>();
            for (String line : mounts.split("\n")) {
                String[] f = line.split(" ");
                if (f.length > 4 && (f[4].equals(dir.toString()) || f[4].startsWith(dir + "/"))) {
                    ours.add(f[4]);
                }
            }
            ours.sort(Comparator.comparingInt(String::length).reversed());
            for (String m : ours) {
                run(List.of("umount", "-l", m), false);
            }
        } catch (IOException | InterruptedException | RuntimeException ignored) {
            // delete what we can
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // busy or already gone
                }
            });
        } catch (IOException | RuntimeException ignored) {
            // nothing left
        }
    }
}
