package io.dockmedic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.PortConfig;
import com.github.dockerjava.api.model.Service;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * dockmedic deployed as users deploy it on Docker Swarm: the stack file users get
 * (packaging/swarm/dockmedic-stack.yml, unchanged; its variables set the image, the socket, its group
 * and the published port) with {@code docker stack deploy} on a real single-node swarm, then a stack
 * service of another stack whose health check fails. The global agent's diagnosis of that service
 * (project = the stack namespace, service = the service name) is read from its {@code /metrics} on the
 * node's host-mode published port, and Docker's DNS answers {@code tasks.dockmedic} (the name of
 * packaging/swarm/prometheus.yml) with the agent task's address.
 *
 * <p>Host-mode publishing works on engines with {@code --iptables=false}: the engine's userland proxy
 * ({@code docker-proxy}) listens on the node's port and forwards to the task's address on
 * {@code docker_gwbridge}; no NAT rule is needed. The image is built by scripts/build-image.sh on the
 * shared engine (a fixed tag, so a byte-identical jar is a cached build in seconds; a new jar takes
 * the jdeps, jlink and class-data sharing steps again, about 2 min on a quiet machine), or given with
 * {@code -Ddockmedic.it.image=TAG}, and copied to the private swarm engine with
 * {@code docker save | docker load}. Fails, never skips, when root, dockerd, the docker CLI, the image
 * or its build are missing.
 */
class SwarmGlobalAgentIT {
    static final Path STACK_FILE = Path.of("packaging/swarm/dockmedic-stack.yml");
    static final Path FAILING_STACK = Path.of("src/test/resources/swarm/failing-stack.yml");
    /** Kept on the shared engine between runs as a build cache (docker rmi it and its -jre to free it). */
    static final String IMAGE = "dockmedic-swarm-it:local";
    /** -Ddockmedic.it.image=TAG: an image of the shared engine to use as it is instead of building one. */
    static final String IMAGE_PROPERTY = "dockmedic.it.image";
    /** Upper bounds; on a quiet machine the whole test takes about a minute (the first HEALTHCHECK is at 30 s). */
    static final Duration WAIT = Duration.ofSeconds(90);
    static final Duration HEALTHY_WAIT = Duration.ofSeconds(120);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void theGlobalAgentDiagnosesAFailingStackServiceOfItsNode() throws Exception {
        PrivateEngine.requireAvailable();
        long t0 = System.nanoTime();
        String image = System.getProperty(IMAGE_PROPERTY, "");
        if (image.isEmpty()) {
            image = IMAGE;
            buildImage();
            phase(t0, "image built");
        }
        String id = UUID.randomUUID().toString().substring(0, 6);
        String agentStack = "dmga" + id;
        String appStack = "dmgb" + id;
        try (PrivateSwarm swarm = new PrivateSwarm("ga")) {
            swarm.engine().loadTestImage();
            assertTrue(swarm.engine().copyImage(image), "docker save | docker load of " + image + " (from the shared engine):\n"
                    + swarm.engine().tail());
            int port = PrivateSwarm.freePort();
            Path socket = Path.of(URI.create(swarm.engine().host()).getPath());
            swarm.deployStack(agentStack, STACK_FILE, Map.of("DOCKMEDIC_IMAGE", image,
                    "DOCKER_SOCKET", socket.toString(),
                    "DOCKER_GID", String.valueOf(Files.getAttribute(socket, "unix:gid")),
                    "DOCKMEDIC_PORT", String.valueOf(port)));
            String agentService = agentStack + "_dockmedic";
            assertGlobalWithHostPort(swarm, agentService, port);
            String base = "http://127.0.0.1:" + port;
            await(WAIT, "the global agent's /healthz on the node's host-mode port " + port,
                    () -> get(base + "/healthz").contains("\"event_stream_up\":true"), () -> tasks(swarm, agentService));

            phase(t0, "agent up");
            swarm.deployStack(appStack, FAILING_STACK, Map.of("TEST_IMAGE", TestDocker.IMAGE));
            String[] ofService = {"project=\"" + appStack + "\"", "service=\"api\""};
            await(WAIT, "the diagnosis of " + appStack + "/api in the global agent's /metrics", () -> {
                String metrics = get(base + "/metrics");
                return MetricsText.value(metrics, "dockmedic_active_diagnosis", ofService) >= 1
                        && MetricsText.value(metrics, "dockmedic_diagnoses_total", ofService) >= 1;
            }, () -> dockmedicLines(base, appStack));
            assertEquals(1.0, MetricsText.value(get(base + "/metrics"), "dockmedic_diagnoses_total",
                    ofService[0], ofService[1], "rule=\"disk-full\""), dockmedicLines(base, appStack));

            phase(t0, "diagnosis read");
            String agent = swarm.taskContainers(agentService).get(0);
            await(HEALTHY_WAIT, "the agent task's HEALTHCHECK (/healthz every 30 s) healthy",
                    () -> "healthy".equals(health(swarm, agent)), () -> tasks(swarm, agentService));
            // Swarm adds a task with a health check to the service's DNS only once it is healthy
            await(WAIT, "tasks.dockmedic answered with the agent task's address", () -> tasksDnsIsTheAgent(swarm, agent),
                    () -> tasksDns(swarm, agent));
            phase(t0, "agent healthy, in tasks.dockmedic");
        }
        phase(t0, "cleaned up");
    }

    private static void phase(long t0, String what) {
        System.out.printf("SwarmGlobalAgentIT: %s after %.1f s%n", what, (System.nanoTime() - t0) / 1e9);
    }

    /** Builds the image as users do (scripts/build-image.sh, no registry) on the shared engine. */
    private static void buildImage() throws IOException, InterruptedException {
        Path log = Files.createTempFile("swarm-it-build", ".log");
        try {
            Process p = new ProcessBuilder("bash", "scripts/build-image.sh", IMAGE).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            boolean ended = p.waitFor(20, TimeUnit.MINUTES);
            if (!ended) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
            }
            assertTrue(ended && p.exitValue() == 0, "scripts/build-image.sh " + IMAGE + " failed:\n" + Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** One service in global mode, its port published in host mode, one task (one node) running. */
    private static void assertGlobalWithHostPort(PrivateSwarm swarm, String service, int port) throws Exception {
        Service s = swarm.client().inspectServiceCmd(service).exec();
        assertNotNull(s.getSpec().getMode().getGlobal(), "mode: global, not " + s.getSpec().getMode());
        var ports = s.getSpec().getEndpointSpec().getPorts();
        assertEquals(1, ports.size(), "one published port: " + ports);
        assertEquals(PortConfig.PublishMode.host, ports.get(0).getPublishMode(), "ports: mode: host");
        assertEquals(port, ports.get(0).getPublishedPort());
        assertEquals(9464, ports.get(0).getTargetPort());
        await(WAIT, "one task of " + service + " on the one node", () -> swarm.taskContainers(service).size() == 1,
                () -> tasks(swarm, service));
    }

    /** Docker's DNS on the stack's network answers tasks.dockmedic with the agent task's address (and only it). */
    private static boolean tasksDnsIsTheAgent(PrivateSwarm swarm, String agent) {
        ContainerNetwork net = swarm.client().inspectContainerCmd(agent).exec().getNetworkSettings().getNetworks()
                .get("dockmedic-net");
        assertNotNull(net, "the agent task is on the overlay network dockmedic-net");
        List<String> addresses = tasksDns(swarm, agent).lines().map(l -> l.split("\\s+")[0]).toList();
        return addresses.equals(List.of(net.getIpAddress()));
    }

    /** {@code getent hosts tasks.dockmedic} in the agent's container (the name prometheus.yml asks for). */
    private static String tasksDns(PrivateSwarm swarm, String agent) {
        try {
            return swarm.docker(Map.of(), "exec", agent, "getent", "hosts", "tasks.dockmedic");
        } catch (IOException | InterruptedException | AssertionError e) {
            return "(" + e.getMessage() + ")";
        }
    }

    private static String health(PrivateSwarm swarm, String container) {
        var h = swarm.client().inspectContainerCmd(container).exec().getState().getHealth();
        return h == null ? "none" : h.getStatus();
    }

    private static String tasks(PrivateSwarm swarm, String service) {
        try {
            return swarm.docker(Map.of(), "service", "ps", "--no-trunc", service);
        } catch (IOException | InterruptedException | AssertionError e) {
            return "(docker service ps: " + e.getMessage() + ")";
        }
    }

    private String dockmedicLines(String base, String project) {
        try {
            return String.join("\n", get(base + "/metrics").lines()
                    .filter(l -> l.startsWith("dockmedic_") && l.contains("project=\"" + project + "\"")).toList());
        } catch (IOException | InterruptedException e) {
            return "(no /metrics: " + e + ")";
        }
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Polls the condition (an exception counts as not yet) until it holds; fails with the detail. */
    private static void await(Duration timeout, String what, Callable<Boolean> condition, Supplier<String> detail)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (Exception e) {
                // not yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "\n" + detail.get());
    }
}
