package io.dockmedic.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Drives throwaway test containers on the real engine with docker-java: a 2 MB image built from
 * scratch plus busybox (no registry), containers with no network that print given log lines and
 * fail their HEALTHCHECK until told to recover. Everything carries a per-run label and is removed.
 */
public final class TestDocker implements AutoCloseable {
    public static final String IMAGE = "dockmedic-test-busybox:3";
    public static final String RUN_LABEL = "dockmedic.test.run";
    /** A PostgreSQL password failure as a client prints it: the line the ITs' failing containers log. */
    public static final String DB_LINE = "org.postgresql.util.PSQLException: FATAL: password authentication failed for user \"app\"";
    static final String BOOT = "dmtest-boot";

    private final String host;
    private final DockerClient client;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    public TestDocker() {
        this.host = engineHost();
        this.client = clientFor(host);
        ensureImage();
    }

    /** A docker-java client for the tests on any engine address (the shared engine, a private one, Podman's socket). */
    public static DockerClient clientFor(String host) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
        return DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(URI.create(host)).connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(60)).build());
    }

    public static String engineHost() {
        String h = System.getenv("DOCKER_HOST");
        return h == null || h.isBlank() ? "unix:///var/run/docker.sock" : h;
    }

    public String host() {
        return host;
    }

    public DockerClient client() {
        return client;
    }

    /** A unique name for this run. */
    public String name(String base) {
        return "dmtest-" + base + "-" + run;
    }

    private void ensureImage() {
        try {
            client.inspectImageCmd(IMAGE).exec();
            return;
        } catch (NotFoundException e) {
            // build it below
        }
        try {
            Path dir = Files.createTempDirectory("dockmedic-img");
            Files.copy(Path.of("/bin/busybox"), dir.resolve("busybox"));
            Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"mkdir\", \"-p\", \"/tmp\"]\nRUN [\"/bin/busybox\", \"ln\", \"-s\", \"/bin/busybox\", \"/bin/sh\"]\n"
                    + "ENTRYPOINT [\"/bin/busybox\"]\n", StandardCharsets.UTF_8);
            client.buildImageCmd(dir.toFile()).withTags(Set.of(IMAGE)).withPull(false)
                    .exec(new BuildImageResultCallback()).awaitImageId(120, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot build the test image (is busybox-static installed?)", e);
        }
    }

    /** Options of a test container. */
    public static final class Spec {
        final String name;
        final List<String> lines = new ArrayList<>();
        final Map<String, String> labels = new HashMap<>();
        final List<String> env = new ArrayList<>();
        boolean healthcheck = true;
        int exitAfterLines = -1;
        String onStart = "";
        boolean restartAlways;
        int restartOnFailure;

        public Spec(String name) {
            this.name = name;
        }

        public Spec lines(List<String> l) {
            lines.addAll(l);
            return this;
        }

        public Spec label(String k, String v) {
            labels.put(k, v);
            return this;
        }

        public Spec compose(String project, String service) {
            return label("com.docker.compose.project", project).label("com.docker.compose.service", service);
        }

        public Spec env(String kv) {
            env.add(kv);
            return this;
        }

        public Spec noHealthcheck() {
            healthcheck = false;
            return this;
        }

        /** A shell snippet run at every start, after the lines are printed (busybox: call applets as /bin/busybox X). */
        public Spec onStart(String sh) {
            onStart = sh.endsWith("; ") || sh.endsWith("& ") ? sh : sh + (sh.endsWith("&") ? " " : "; ");
            return this;
        }

        /** Healthy from its second start on: a container that "recovers after one restart". */
        public Spec recoversAfterOneRestart() {
            return onStart(onStart + "if test -f /tmp/booted; then /bin/busybox touch /tmp/healthy; else /bin/busybox touch /tmp/booted; fi");
        }

        /** Its healthcheck passes and fails in turn, each for {@code seconds}: a container that flaps. */
        public Spec flaps(int seconds) {
            String sleep = "/bin/busybox sleep " + seconds + "; ";
            return onStart(onStart + "while true; do /bin/busybox touch /tmp/healthy; " + sleep
                    + "/bin/busybox rm -f /tmp/healthy; " + sleep + "done &");
        }

        /** Prints a boot line at every start, for {@link TestDocker#restarts}. */
        public Spec countBoots() {
            return onStart(onStart + "/bin/busybox echo " + BOOT);
        }

        /** Print the lines, then exit with this code instead of sleeping. */
        public Spec exit(int code) {
            exitAfterLines = code;
            return this;
        }

        /** Under the restart policy "always": with {@link #exit}, a container that crash-loops. */
        public Spec restartAlways() {
            restartAlways = true;
            return this;
        }
    }

    /** Under the restart policy "on-failure" with at most {@code times} restarts. */
    public static Spec restartOnFailure(Spec spec, int times) {
        spec.restartOnFailure = times;
        return spec;
    }

    /** Creates and starts a container: prints its lines, then fails its healthcheck until {@link #recover}. */
    public String start(Spec spec) {
        String b64 = Base64.getEncoder().encodeToString((String.join("\n", spec.lines) + "\n").getBytes(StandardCharsets.UTF_8));
        String tail = spec.exitAfterLines >= 0 ? "exit " + spec.exitAfterLines : "exec /bin/busybox sleep 3600";
        String script = "/bin/busybox echo \"$DM_LOG\" | /bin/busybox base64 -d; " + spec.onStart + tail;
        Map<String, String> labels = new HashMap<>(spec.labels);
        labels.put(RUN_LABEL, run);
        List<String> env = new ArrayList<>(spec.env);
        env.add("DM_LOG=" + b64);
        var cmd = client.createContainerCmd(IMAGE)
                .withName(spec.name)
                .withLabels(labels)
                .withEnv(env)
                .withEntrypoint("/bin/busybox", "sh", "-c", script)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")
                        .withRestartPolicy(spec.restartAlways ? RestartPolicy.alwaysRestart()
                                : spec.restartOnFailure > 0 ? RestartPolicy.onFailureRestart(spec.restartOnFailure)
                                : RestartPolicy.noRestart()));
        if (spec.healthcheck) {
            cmd = cmd.withHealthcheck(new HealthCheck()
                    .withTest(List.of("CMD", "/bin/busybox", "sh", "-c",
                            "test -f /tmp/healthy || { echo 'probe: /tmp/healthy missing'; exit 1; }"))
                    .withInterval(TimeUnit.MILLISECONDS.toNanos(500))
                    .withTimeout(TimeUnit.SECONDS.toNanos(2))
                    .withRetries(1)
                    .withStartPeriod(0L));
        }
        String id = cmd.exec().getId();
        client.startContainerCmd(id).exec();
        return id;
    }

    /** Makes the container's healthcheck pass from now on. */
    public void recover(String id) {
        exec(id, "/bin/busybox", "touch", "/tmp/healthy");
    }

    /** Makes it fail again. */
    public void breakAgain(String id) {
        exec(id, "/bin/busybox", "rm", "-f", "/tmp/healthy");
    }

    private void exec(String id, String... cmd) {
        String exec = client.execCreateCmd(id).withCmd(cmd).exec().getId();
        try {
            client.execStartCmd(exec).start().awaitCompletion(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Current health status as the engine reports it. */
    public String health(String id) {
        var s = client.inspectContainerCmd(id).exec().getState();
        return s.getHealth() == null ? "none" : s.getHealth().getStatus();
    }

    /** Waits until the engine reports this health status. */
    public void awaitHealth(String id, String status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (status.equals(health(id))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("container " + id + " did not become " + status + " within " + timeout + " (is " + health(id) + ")");
    }

    /** How often a container made with {@link Spec#countBoots()} was restarted (by anyone): its boot lines minus one. */
    public int restarts(String id) throws InterruptedException {
        StringBuilder out = new StringBuilder();
        var cb = new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
            @Override
            public void onNext(com.github.dockerjava.api.model.Frame f) {
                synchronized (out) {
                    out.append(new String(f.getPayload(), StandardCharsets.UTF_8));
                }
            }
        };
        client.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(cb);
        cb.awaitCompletion(10, TimeUnit.SECONDS);
        synchronized (out) {
            return (int) Math.max(0, out.toString().lines().filter(BOOT::equals).count() - 1);
        }
    }

    public void remove(String id) {
        try {
            client.removeContainerCmd(id).withForce(true).exec();
        } catch (NotFoundException ignored) {
            // gone already
        }
    }

    /** Removes every container of this run. */
    @Override
    public void close() {
        for (Container c : client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RUN_LABEL, run)).exec()) {
            remove(c.getId());
        }
        try {
            client.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
