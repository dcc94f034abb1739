package io.dockmedic.it;

import static io.dockmedic.it.AgentHarness.atLeast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.docker.DockerJavaEngine;
import io.dockmedic.docker.EngineException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A hung engine, as the agent sees it: a unix-socket proxy in front of the real engine keeps every
 * connection open and stops answering (docker-java's response timeout does not apply on a unix
 * socket, so without our deadline an inspect blocks forever). An engine call fails within its
 * deadline, the event stream is reported down and /healthz says the engine is unresponsive; when the
 * engine answers again the agent re-subscribes and diagnoses what turned unhealthy meanwhile.
 */
class EngineFreezeIT {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

    @Test
    void aHungEngineIsVisibleAndTheAgentRecoversWhenItAnswersAgain() throws Exception {
        try (TestDocker docker = new TestDocker();
             CuttableProxy proxy = CuttableProxy.onUnixSocket(docker, "lanes-freeze");
             DockerJavaEngine probe = new DockerJavaEngine(proxy.host(), CALL_TIMEOUT);
             AgentHarness agent = new AgentHarness(proxy.host(), Map.of("watch.workers", "2"),
                     new DockerJavaEngine(proxy.host(), CALL_TIMEOUT))) {
            String before = docker.start(new TestDocker.Spec("lanes-" + docker.name("before")).noHealthcheck());
            agent.await(Duration.ofSeconds(15), "stream up", atLeast(1, "dockmedic_event_stream_up"));
            assertTrue(agent.get("/healthz").contains("\"engine\":\"up\""), agent.get("/healthz"));
            assertTrue(probe.inspect(before).isPresent());

            proxy.freeze();
            // a lane's inspect: fails within its deadline instead of blocking forever
            long t0 = System.nanoTime();
            EngineException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThrows(EngineException.class, () -> probe.inspect(before)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(EngineException.Reason.TIMEOUT, e.reason(), e.toString());
            assertTrue(ms < 10_000, "inspect failed after " + ms + " ms");

            agent.await(Duration.ofSeconds(20), "stream reported down", h -> {
                try {
                    return h.value("dockmedic_event_stream_up") == 0.0;
                } catch (Exception x) {
                    return false;
                }
            });
            String health = agent.get("/healthz");
            assertTrue(health.contains("\"engine\":\"unresponsive\"") && health.contains("\"event_stream_up\":false"), health);
            assertEquals(200, agent.status("/healthz"), "the agent itself is healthy, only blind");

            // turns unhealthy while the agent cannot see the engine
            String name = "lanes-" + docker.name("during");
            String id = docker.start(new TestDocker.Spec(name).compose("lanes-freeze-" + docker.name("p"), "during")
                    .lines(List.of(TestDocker.DB_LINE)));
            docker.awaitHealth(id, "unhealthy", Duration.ofSeconds(15));
            Thread.sleep(1000);
            assertEquals(0.0, agent.value("dockmedic_event_stream_up"), "still down while frozen");

            proxy.thaw();
            agent.await(Duration.ofSeconds(30), "reconnected and the container diagnosed", h ->
                    atLeast(1, "dockmedic_event_stream_up").test(h)
                            && atLeast(1, "dockmedic_active_diagnosis", "container=\"" + name + "\"",
                            "rule=\"postgres-auth-failed\"").test(h));
            assertTrue(agent.get("/healthz").contains("\"engine\":\"up\""), agent.get("/healthz"));
            assertTrue(probe.inspect(id).isPresent(), "engine calls work again");
        }
    }
}
