package io.dockmedic.it;

import static io.dockmedic.it.AgentHarness.atLeast;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.dockerjava.api.DockerClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Rootless Podman: {@code podman system service} run by an unprivileged user, its socket where rootless Podman
 * puts it ({@code $XDG_RUNTIME_DIR/podman/podman.sock}). {@code scripts/run.sh}'s socket search
 * ({@code dm_podman_host}) finds it when no Docker socket exists, and the agent diagnoses an unhealthy
 * container there.
 */
class PodmanRootlessIT {
    private static final String PREFIX = "dm-rootless-it";
    private static final String IMAGE = "localhost/" + PREFIX + "-busybox:1";

    @Test
    void runShFindsTheRootlessSocketAndTheAgentDiagnosesThere() throws Exception {
        String name = PREFIX + "-app-" + ProcessHandle.current().pid();
        try (PodmanService podman = PodmanService.rootless(PREFIX)) {
            String host = podmanHost(podman);
            assertEquals("unix://" + podman.runtimeDir().resolve("podman/podman.sock"), host,
                    "scripts/run.sh's search finds the rootless socket");
            podman.importBusybox(IMAGE);
            DockerClient api = podman.client();
            String id = podman.createFailing(IMAGE, name, TestDocker.DB_LINE);
            Thread prober = null;
            try (AgentHarness agent = new AgentHarness(host)) {
                agent.await(Duration.ofSeconds(30), "event stream up on rootless podman", atLeast(1, "dockmedic_event_stream_up"));
                api.startContainerCmd(id).exec();
                prober = podman.healthchecks(name);
                agent.await(Duration.ofSeconds(60), "diagnosis on rootless podman", atLeast(1, "dockmedic_active_diagnosis",
                        "project=\"" + name + "\"", "service=\"app\"", "category=\"db-auth\""));
            } finally {
                if (prober != null) {
                    prober.interrupt();
                    prober.join(10_000);
                }
                try {
                    podman.podman("rm", "-f", "--ignore", name);
                    podman.podman("rmi", "--ignore", IMAGE);
                } catch (Exception e) {
                    System.err.println("PodmanRootlessIT cleanup: " + e.getMessage());
                }
            }
        }
    }

    /** {@code dm_podman_host} (what scripts/run.sh calls) as the rootless user's session has it: no Docker socket. */
    private static String podmanHost(PodmanService podman) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". scripts/lib/common.sh; dm_podman_host || echo none");
        pb.environment().remove("DOCKER_HOST");
        pb.environment().remove("DOCKMEDIC_DOCKER_HOST");
        pb.environment().put("XDG_RUNTIME_DIR", podman.runtimeDir().toString());
        pb.environment().put("DM_DOCKER_SOCKET", podman.dir().resolve("no-docker.sock").toString());
        pb.environment().put("DM_PODMAN_ROOTFUL_SOCKET", podman.dir().resolve("no-rootful.sock").toString());
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
