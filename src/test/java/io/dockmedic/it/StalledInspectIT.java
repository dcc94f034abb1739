package io.dockmedic.it;

import static io.dockmedic.it.AgentHarness.atLeast;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dockmedic.docker.DockerJavaEngine;
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
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

    @Test
    void anUnhealthyContainerWhoseStartUpInspectStalledIsDiagnosedWithoutAReconnect() throws Exception {
        try (TestDocker docker = new TestDocker();
             CuttableProxy proxy = CuttableProxy.onUnixSocket(docker, "stalled-inspect")) {
            String name = "stalled-" + docker.name("app");
            String id = docker.start(new TestDocker.Spec(name).compose("stalled-" + docker.name("p"), "app")
                    .lines(List.of(TestDocker.DB_LINE)));
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

    /**
     * The inspect behind a die answers after the engine has restarted the container (its policy waits 100 ms, a
     * loaded engine answers later): that inspect already shows the new restart count, and the start that follows
     * must still count the restart (PrometheusIT, under load, saw none of them counted).
     */
    @Test
    void aRestartIsCountedWhenTheInspectOfTheDieBeforeItAnswersAfterTheRestart() throws Exception {
        try (TestDocker docker = new TestDocker();
             CuttableProxy proxy = CuttableProxy.onUnixSocket(docker, "stalled-die");
             AgentHarness agent = new AgentHarness(proxy.host(), Map.of())) {
            agent.await(Duration.ofSeconds(15), "stream up", atLeast(1, "dockmedic_event_stream_up"));
            String project = "stalled-" + docker.name("p");
            String id = docker.start(TestDocker.restartOnFailure(new TestDocker.Spec("stalled-" + docker.name("looper"))
                    .compose(project, "looper").noHealthcheck().onStart("/bin/busybox sleep 2").exit(1), 3));
            Thread.sleep(1000); // the start's inspect is done; the next inspect of it is the one behind its die
            proxy.stallOnce("/containers/" + id + "/json", Duration.ofMillis(2500));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (docker.client().inspectContainerCmd(id).exec().getRestartCount() < 3
                    || Boolean.TRUE.equals(docker.client().inspectContainerCmd(id).exec().getState().getRunning())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the container did not end its 3 restarts");
                }
                Thread.sleep(200);
            }
            assertEquals(1, proxy.stalled(), "the die's inspect was held");
            agent.await(Duration.ofSeconds(20), "3 restarts counted", h -> {
                try {
                    return h.value("dockmedic_restarts_total", "project=\"" + project + "\"") == 3.0;
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }
}
