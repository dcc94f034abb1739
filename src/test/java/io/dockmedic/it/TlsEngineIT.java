package io.dockmedic.it;

import static io.dockmedic.it.AgentHarness.atLeast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import io.dockmedic.docker.TestCerts;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A remote engine over TCP + TLS: a private dockerd with {@code --tlsverify} on 127.0.0.1 and
 * certificates made by the test; the agent reaches it with {@code docker.tls.*} only, and diagnoses an
 * unhealthy container there end to end, its series labelled with the engine's name.
 */
class TlsEngineIT {

    @Test
    void theAgentDiagnosesAContainerOnATlsEngine() throws Exception {
        PrivateEngine.assumeAvailable();
        Path pkiDir = Files.createTempDirectory("i17-engines-pki");
        TestCerts pki = TestCerts.make(pkiDir);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String tcp = "tcp://127.0.0.1:" + port;
        try (PrivateEngine engine = new PrivateEngine("tls", List.of("-H", tcp, "--tlsverify",
                "--tlscacert", pki.ca().toString(), "--tlscert", pki.serverCert().toString(),
                "--tlskey", pki.serverKey().toString()))) {
            engine.loadTestImage();
            DockerClient docker = engine.client(); // the test drives the engine on its unix socket
            String id = docker.createContainerCmd(TestDocker.IMAGE)
                    .withName("i17-engines-tls-app")
                    .withLabels(Map.of("com.docker.compose.project", "i17-engines-tls", "com.docker.compose.service", "app"))
                    .withEntrypoint("/bin/busybox", "sh", "-c", "/bin/busybox echo '" + TestDocker.DB_LINE + "'; exec /bin/busybox sleep 600")
                    .withHealthcheck(new HealthCheck().withTest(List.of("CMD", "/bin/busybox", "false"))
                            .withInterval(TimeUnit.SECONDS.toNanos(1)).withTimeout(TimeUnit.SECONDS.toNanos(10))
                            .withRetries(1).withStartPeriod(0L))
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                    .exec().getId();
            try (AgentHarness agent = new AgentHarness(tcp, Map.of(
                    "docker.tls.ca", pki.ca().toString(), "docker.tls.cert", pki.cert().toString(),
                    "docker.tls.key", pki.key().toString(), "docker.engine_name", "tls-node"))) {
                agent.await(Duration.ofSeconds(30), "event stream up over TLS", atLeast(1, "dockmedic_event_stream_up"));
                docker.startContainerCmd(id).exec();
                agent.await(Duration.ofSeconds(60), "diagnosis over TLS", atLeast(1, "dockmedic_active_diagnosis",
                        "container=\"i17-engines-tls-app\"", "category=\"db-auth\"", "engine=\"tls-node\""));
                assertEquals(1.0, agent.value("dockmedic_diagnoses_total", "service=\"app\"", "engine=\"tls-node\""));
                assertFalse(AgentHarness.logs().contains("BEGIN PRIVATE KEY"), "no key material in the log");
            }
        } finally {
            try (var walk = Files.walk(pkiDir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
