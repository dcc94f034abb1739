package io.dockmedic.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.SwarmSpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Docker Swarm on a {@link PrivateEngine} of the test's own, never on the shared engine:
 * the shared dockerd runs with {@code --live-restore}, which Swarm refuses ("--live-restore daemon
 * configuration is incompatible with swarm mode"), and a swarm there would be shared with every other
 * test. The private engine runs without live restore and listens for Swarm on a free loopback port; its
 * {@code docker_gwbridge} gets a Linux bridge name of its own (made before {@code swarm init}, so it
 * never collides with another engine's). {@link #close()} removes every service, stack network and
 * image, leaves the swarm, removes docker_gwbridge (its Linux bridge with it) and closes the engine.
 */
public final class PrivateSwarm implements AutoCloseable {
    public static final String NAMESPACE_LABEL = "com.docker.stack.namespace";
    public static final String SERVICE_LABEL = "com.docker.swarm.service.name";

    private final PrivateEngine engine;

    /** Starts a private engine ({@code name}: letters, digits) and makes it a single-node swarm. */
    public PrivateSwarm(String name) throws IOException, InterruptedException {
        engine = new PrivateEngine(name, List.of("--live-restore=false"));
        try {
            init("dmgw" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL));
        } catch (RuntimeException | IOException e) {
            close();
            throw e;
        }
    }

    public PrivateEngine engine() {
        return engine;
    }

    public DockerClient client() {
        return engine.client();
    }

    private void init(String gwBridge) throws IOException {
        client().createNetworkCmd().withName("docker_gwbridge").withDriver("bridge")
                .withOptions(Map.of("com.docker.network.bridge.name", gwBridge,
                        "com.docker.network.bridge.enable_icc", "false",
                        "com.docker.network.bridge.enable_ip_masquerade", "false"))
                .exec();
        String addr = "127.0.0.1:" + freePort();
        client().initializeSwarmCmd(new SwarmSpec()).withListenAddr(addr).withAdvertiseAddr(addr).exec();
    }

    /**
     * {@code docker stack deploy --resolve-image never -c FILE NAMESPACE} with the docker CLI, as a user
     * deploys it, the file's variables taken from {@code env}; fails with the CLI's output.
     */
    public void deployStack(String namespace, Path file, Map<String, String> env) throws IOException, InterruptedException {
        docker(env, "stack", "deploy", "--resolve-image", "never", "-c", file.toString(), namespace);
    }

    /** The docker CLI against this engine; its output, or an AssertionError with it when it fails. */
    public String docker(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker", "-H", engine.host()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("DOCKER_HOST");
        pb.environment().remove("DOCKER_CONTEXT");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not end within 60 s:\n" + out);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed (" + p.exitValue() + "):\n" + out);
        }
        return out;
    }

    /** Ids of every container (running or not) of a Swarm service (its full name, {@code NAMESPACE_service}). */
    public List<String> taskContainers(String service) {
        return client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(SERVICE_LABEL, service)).exec().stream().map(Container::getId).toList();
    }

    /** Removes the services, their networks and the images, leaves the swarm, closes the engine. Never throws. */
    @Override
    public void close() {
        DockerClient docker = client();
        quietly(() -> {
            for (Service s : docker.listServicesCmd().exec()) {
                docker.removeServiceCmd(s.getId()).exec();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(SERVICE_LABEL)).exec().isEmpty()
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            return null;
        });
        quietly(() -> {
            for (Network n : docker.listNetworksCmd().exec()) {
                if (n.getLabels() != null && n.getLabels().containsKey(NAMESPACE_LABEL)) {
                    docker.removeNetworkCmd(n.getId()).exec();
                }
            }
            return null;
        });
        quietly(() -> docker.leaveSwarmCmd().withForceEnabled(true).exec());
        quietly(() -> docker.removeNetworkCmd("docker_gwbridge").exec());
        quietly(() -> {
            for (Container c : docker.listContainersCmd().withShowAll(true).exec()) {
                docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
            }
            for (Image i : docker.listImagesCmd().exec()) {
                docker.removeImageCmd(i.getId()).withForce(true).exec();
            }
            for (var v : docker.listVolumesCmd().exec().getVolumes()) {
                docker.removeVolumeCmd(v.getName()).exec();
            }
            return null;
        });
        engine.close();
    }

    @FunctionalInterface
    private interface Step {
        Object run() throws Exception;
    }

    private static void quietly(Step step) {
        try {
            step.run();
        } catch (Exception e) {
            System.err.println("PrivateSwarm cleanup: " + e);
        }
    }

    /** A free TCP port on every address (for Swarm's loopback listener, or a host-mode published port). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
