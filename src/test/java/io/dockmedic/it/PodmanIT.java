package io.dockmedic.it;

import static io.dockmedic.it.AgentHarness.atLeast;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Podman as the engine: the agent points {@code docker.host} at a real {@code podman system service}
 * and diagnoses an unhealthy container there end to end. Podman runs no health checks by itself
 * without systemd, so the test runs them ({@code podman healthcheck run}) in a loop; its bare
 * {@code health_status} events are what the agent must read.
 */
class PodmanIT {
    private static final String PREFIX = "dm-podman-it";
    private static final String IMAGE = "localhost/" + PREFIX + "-busybox:1";
    private static final String LINE =
            "org.postgresql.util.PSQLException: FATAL: password authentication failed for user \"app\"";

    @Test
    void theAgentDiagnosesAnUnhealthyContainerOnPodman() throws Exception {
        String name = PREFIX + "-app-" + ProcessHandle.current().pid();
        try (PodmanService podman = new PodmanService(PREFIX)) {
            podman.importBusybox(IMAGE);
            DockerClient api = podman.client(); // the test drives the containers over the compatible API
            String id = api.createContainerCmd(IMAGE)
                    .withName(name)
                    .withLabels(Map.of("com.docker.compose.project", name, "com.docker.compose.service", "app"))
                    .withEntrypoint("/bin/busybox", "sh", "-c", "/bin/busybox echo '" + LINE + "'; exec /bin/busybox sleep 600")
                    .withHealthcheck(new HealthCheck().withTest(List.of("CMD", "/bin/busybox", "false"))
                            .withInterval(TimeUnit.HOURS.toNanos(1)).withTimeout(TimeUnit.SECONDS.toNanos(10))
                            .withRetries(1).withStartPeriod(0L))
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                    .exec().getId();
            String quiet = api.createContainerCmd(IMAGE) // a stop of it is asked for, not a crash
                    .withName(name + "-quiet")
                    .withLabels(Map.of("com.docker.compose.project", name, "com.docker.compose.service", "quiet"))
                    .withEntrypoint("/bin/busybox", "sh", "-c", "exec /bin/busybox sleep 600")
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                    .exec().getId();
            String crash = api.createContainerCmd(IMAGE) // a crash: its die is diagnosed
                    .withName(name + "-crash")
                    .withLabels(Map.of("com.docker.compose.project", name, "com.docker.compose.service", "crash"))
                    .withEntrypoint("/bin/busybox", "sh", "-c", "/bin/busybox echo '" + LINE + "'; exit 3")
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                    .exec().getId();
            AtomicBoolean probing = new AtomicBoolean(true);
            Thread prober = new Thread(() -> probe(podman, name, probing), PREFIX + "-healthcheck");
            try (AgentHarness agent = new AgentHarness(podman.host())) {
                agent.await(Duration.ofSeconds(30), "event stream up on podman", atLeast(1, "dockmedic_event_stream_up"));
                api.startContainerCmd(id).exec();
                prober.start();
                api.startContainerCmd(quiet).exec();
                api.stopContainerCmd(quiet).withTimeout(1).exec(); // sleep as PID 1 ignores SIGTERM: exit 137
                agent.await(Duration.ofSeconds(30), "the stop's die seen", atLeast(1, "dockmedic_docker_events_total",
                        "action=\"die\""));
                api.startContainerCmd(crash).exec();
                agent.await(Duration.ofSeconds(30), "the crash diagnosed", atLeast(1, "dockmedic_diagnoses_total",
                        "service=\"crash\""));
                agent.await(Duration.ofSeconds(60), "diagnosis on podman", atLeast(1, "dockmedic_active_diagnosis",
                        "container=\"" + name + "\"", "category=\"db-auth\""));
                assertEquals(1.0, agent.value("dockmedic_diagnoses_total", "service=\"app\"", "project=\"" + name + "\""));
                api.removeContainerCmd(id).withForce(true).exec(); // Podman says remove, the agent clears it
                agent.await(Duration.ofSeconds(30), "cleared after remove", AgentHarness.absent("dockmedic_active_diagnosis",
                        "container=\"" + name + "\""));
                assertEquals(0.0, agent.value("dockmedic_diagnoses_total", "service=\"quiet\""), "a stop is no crash");
            } finally {
                probing.set(false);
                prober.join(10_000);
                try {
                    podman.podman("rm", "-f", "--ignore", name, name + "-quiet", name + "-crash");
                    podman.podman("rmi", "--ignore", IMAGE);
                } catch (Exception e) {
                    System.err.println("PodmanIT cleanup: " + e.getMessage());
                }
            }
        }
    }

    /** Runs the container's health check once a second, as systemd's timer would. */
    private static void probe(PodmanService podman, String name, AtomicBoolean probing) {
        while (probing.get()) {
            try {
                podman.podman("healthcheck", "run", name);
            } catch (java.io.IOException e) {
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
    }
}
