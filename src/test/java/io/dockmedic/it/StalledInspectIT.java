package io.dockmedic.it;

import static io.dockmedic.it.AgentHarness.atLeast;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dockmedic.docker.DockerJavaEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine is slow on one call while its event stream goes on (what a loaded CI machine did to
 * {@code AgentKillIT}): a proxy in front of the real engine holds the start-up reconcile's inspect of a
 * container that is already unhealthy past the call deadline. That container sends no further event (its health
 * does not change), the stream does not end, so nothing but the watcher's retry of failed work looks at it again;
 * before, it stayed undiagnosed until the next reconnect.
 */
class StalledInspectIT {
    private static final String DB_LINE = "org.postgresql.util.PSQLException: FATAL: password authentication failed for user \"app\"";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

    @Test
    void anUnhealthyContainerWhoseStartUpInspectStalledIsDiagnosedWithoutAReconnect() throws Exception {
        Path dir = Files.createTempDirectory("stalled-inspect");
        try (TestDocker docker = new TestDocker();
             CuttableProxy proxy = new CuttableProxy(docker.host().replaceFirst("^unix://", ""), dir.resolve("engine.sock"))) {
            String name = "stalled-" + docker.name("app");
            String id = docker.start(new TestDocker.Spec(name).compose("stalled-" + docker.name("p"), "app")
                    .lines(List.of(DB_LINE)));
            docker.awaitHealth(id, "unhealthy", Duration.ofSeconds(30));
            proxy.stallOnce("/containers/" + id + "/json", CALL_TIMEOUT.multipliedBy(3));
            try (AgentHarness agent = new AgentHarness(proxy.host(), Map.of(),
                    new DockerJavaEngine(proxy.host(), CALL_TIMEOUT))) {
                agent.await(Duration.ofSeconds(40), "the container diagnosed", atLeast(1, "dockmedic_active_diagnosis",
                        "container=\"" + name + "\"", "rule=\"postgres-auth-failed\""));
                assertEquals(1, proxy.stalled(), "the start-up reconcile's inspect was the one held");
                assertEquals(0.0, agent.value("dockmedic_event_stream_reconnects_total"), "no reconnect: the retry found it");
            }
        }
    }
}
