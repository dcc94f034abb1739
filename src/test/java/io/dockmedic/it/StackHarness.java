package io.dockmedic.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A compose-like stack on the real engine, shaped like the troubleshooting page's example stack: postgres, redis, an app that
 * needs both and a DashScope key, and a service that depends on the app; on an internal network,
 * with the labels Compose sets. The image is a local Debian base with postgresql, redis-server and
 * the Python clients, built by {@code scripts/lib/stack-image.sh} (debootstrap, cached by hash).
 */
final class StackHarness implements AutoCloseable {
    static final List<String> PACKAGES = List.of("postgresql", "redis-server", "python3-psycopg2", "python3-redis");

    final String project = "dmstack" + UUID.randomUUID().toString().substring(0, 6);
    private final DockerClient client;
    private final String image;
    private final String network;
    private final Path scripts;
    private final List<String> volumes = new ArrayList<>();

    StackHarness() throws IOException, InterruptedException {
        String host = TestDocker.engineHost();
        client = TestDocker.clientFor(host);
        image = buildImage();
        network = client.createNetworkCmd().withName(project + "_default").withInternal(true)
                .withLabels(Map.of("com.docker.compose.project", project)).exec().getId();
        scripts = Files.createTempDirectory("dmstack");
        for (String f : List.of("postgres.sh", "app.py", "dependent.py")) {
            try (var in = StackHarness.class.getResourceAsStream("/stack/" + f)) {
                Files.write(scripts.resolve(f), in.readAllBytes());
            }
        }
        scripts.toFile().setReadable(true, false);
    }

    /** Builds (or finds, by content hash) the Debian image with the stack's packages, via the project's script. */
    private static String buildImage() throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                ". scripts/lib/common.sh && . scripts/lib/debian-image.sh && dm_debian_image dockmedic-stack "
                        + String.join(" ", PACKAGES))
                .directory(root.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0 || out.isEmpty()) {
            throw new IllegalStateException("cannot build the stack image (run scripts/test.sh as root): " + out);
        }
        return out.lines().reduce((a, b) -> b).orElseThrow();
    }

    String volume(String name) {
        String v = project + "_" + name;
        client.createVolumeCmd().withName(v).withLabels(Map.of("com.docker.compose.project", project)).exec();
        volumes.add(v);
        return v;
    }

    private String start(String service, List<String> env, String dependsOn, List<String> cmd, String healthCmd,
                         Bind... extraBinds) {
        return start(service, env, dependsOn, cmd, healthCmd, 0, extraBinds);
    }

    private String start(String service, List<String> env, String dependsOn, List<String> cmd, String healthCmd,
                         int startPeriodSeconds, Bind... extraBinds) {
        Map<String, String> labels = new HashMap<>(Map.of(
                "com.docker.compose.project", project,
                "com.docker.compose.service", service,
                "com.docker.compose.oneoff", "False",
                TestDocker.RUN_LABEL, project));
        if (dependsOn != null) {
            labels.put("com.docker.compose.depends_on", dependsOn);
        }
        List<Bind> binds = new ArrayList<>(List.of(new Bind(scripts.toString(), new Volume("/stack"))));
        binds.addAll(List.of(extraBinds));
        String name = project + "-" + service + "-1";
        var created = client.createContainerCmd(image).withName(name).withHostName(service).withLabels(labels).withEnv(env)
                .withCmd(cmd)
                .withHealthcheck(new HealthCheck().withTest(List.of("CMD-SHELL", healthCmd))
                        .withInterval(TimeUnit.SECONDS.toNanos(1)).withTimeout(TimeUnit.SECONDS.toNanos(5))
                        .withRetries(2).withStartPeriod(TimeUnit.SECONDS.toNanos(startPeriodSeconds)))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network).withBinds(binds))
                .withAliases(service)
                .exec();
        client.startContainerCmd(created.getId()).exec();
        return created.getId();
    }

    String postgres(String password, String volume) {
        return start("postgres", List.of("POSTGRES_PASSWORD=" + password, "POSTGRES_USER=app", "POSTGRES_DB=app"), null,
                List.of("sh", "/stack/postgres.sh"),
                "su postgres -s /bin/sh -c 'pg_isready -h 127.0.0.1 -q'", 60,
                new Bind(volume, new Volume("/var/lib/postgresql/data")));
    }

    String redis() {
        return start("redis", List.of(), null, List.of("redis-server", "--bind", "0.0.0.0", "--protected-mode", "no",
                "--save", ""), "redis-cli ping | grep -q PONG");
    }

    String app(List<String> env) {
        return start("app", env, "postgres:service_healthy:false,redis:service_healthy:false",
                List.of("python3", "-u", "/stack/app.py"), "cat /tmp/status; grep -qx ok /tmp/status");
    }

    String dependent() {
        return start("prometheus", List.of(), "app:service_healthy:false", List.of("python3", "-u", "/stack/dependent.py"),
                "cat /tmp/status; grep -qx ok /tmp/status");
    }

    String health(String id) {
        var h = client.inspectContainerCmd(id).exec().getState().getHealth();
        return h == null ? "none" : h.getStatus();
    }

    void awaitHealth(String id, String status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (status.equals(health(id))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(id + " did not become " + status + " within " + timeout + " (is " + health(id) + ")");
    }

    void remove(String id) {
        try {
            client.removeContainerCmd(id).withForce(true).exec();
        } catch (NotFoundException ignored) {
            // gone
        }
    }

    @Override
    public void close() throws IOException {
        for (Container c : client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("com.docker.compose.project", project)).exec()) {
            remove(c.getId());
        }
        for (String v : volumes) {
            try {
                client.removeVolumeCmd(v).exec();
            } catch (RuntimeException ignored) {
                // in use or gone
            }
        }
        try {
            client.removeNetworkCmd(network).exec();
        } catch (RuntimeException ignored) {
            // gone
        }
        try (var files = Files.walk(scripts)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        client.close();
    }
}
