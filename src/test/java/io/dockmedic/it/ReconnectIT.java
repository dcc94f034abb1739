package io.dockmedic.it;

import static io.dockmedic.it.AgentHarness.absent;
import static io.dockmedic.it.AgentHarness.atLeast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The event stream is cut (a proxy between agent and engine drops every connection) while
 * containers change state. After the reconnect no transition is lost and none is diagnosed twice;
 * a container already unhealthy before the agent starts is diagnosed exactly once.
 */
class ReconnectIT {
    private static final String REDIS_LINE = "redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. Connection refused.";

    @Test
    void alreadyUnhealthyBeforeStartIsDiagnosedExactlyOnce() throws Exception {
        try (TestDocker docker = new TestDocker()) {
            String name = docker.name("early");
            String id = docker.start(new TestDocker.Spec(name).compose("rc", "early").lines(List.of(TestDocker.DB_LINE)));
            docker.awaitHealth(id, "unhealthy", Duration.ofSeconds(15));
            try (AgentHarness agent = new AgentHarness(docker.host())) {
                agent.await(Duration.ofSeconds(10), "diagnosis of " + name,
                        atLeast(1, "dockmedic_active_diagnosis", "container=\"" + name + "\"", "rule=\"postgres-auth-failed\""));
                Thread.sleep(3000); // more probes fail meanwhile: still one diagnosis
                assertEquals(1.0, agent.value("dockmedic_diagnoses_total", "service=\"early\""));
                assertEquals(1.0, agent.value("dockmedic_unhealthy_transitions_total", "service=\"early\""));
            }
        }
    }

    @Test
    void cutStreamLosesNoTransitionAndDiagnosesNoneTwice() throws Exception {
        try (TestDocker docker = new TestDocker();
             CuttableProxy proxy = new CuttableProxy(docker.host().replaceFirst("^unix://", ""))) {
            String a = docker.name("a");
            String b = docker.name("b");
            String c = docker.name("c");
            // a: unhealthy before the cut, stays so; b: unhealthy before, recovers during the cut;
            // c: turns unhealthy during the cut
            String idA = docker.start(new TestDocker.Spec(a).compose("rc2", "a").lines(List.of(TestDocker.DB_LINE)));
            String idB = docker.start(new TestDocker.Spec(b).compose("rc2", "b").lines(List.of(REDIS_LINE)));
            try (AgentHarness agent = new AgentHarness(proxy.host())) {
                agent.await(Duration.ofSeconds(15), "a and b diagnosed", h ->
                        atLeast(1, "dockmedic_active_diagnosis", "container=\"" + a + "\"").test(h)
                                && atLeast(1, "dockmedic_active_diagnosis", "container=\"" + b + "\"").test(h));

                proxy.cut();
                agent.await(Duration.ofSeconds(10), "stream down", h -> {
                    try {
                        return h.value("dockmedic_event_stream_up") == 0.0;
                    } catch (Exception e) {
                        return false;
                    }
                });
                docker.recover(idB);
                docker.awaitHealth(idB, "healthy", Duration.ofSeconds(10));
                String idC = docker.start(new TestDocker.Spec(c).compose("rc2", "c").lines(List.of(REDIS_LINE)));
                docker.awaitHealth(idC, "unhealthy", Duration.ofSeconds(15));
                proxy.restore();

                agent.await(Duration.ofSeconds(20), "reconnected, b cleared, c diagnosed", h ->
                        atLeast(1, "dockmedic_event_stream_reconnects_total").test(h)
                                && atLeast(1, "dockmedic_event_stream_up").test(h)
                                && absent("dockmedic_active_diagnosis", "container=\"" + b + "\"").test(h)
                                && atLeast(1, "dockmedic_active_diagnosis", "container=\"" + c + "\"", "rule=\"redis-connection-failed\"").test(h));
                Thread.sleep(2000);
                assertEquals(1.0, agent.value("dockmedic_diagnoses_total", "service=\"a\""), "a diagnosed once");
                assertEquals(1.0, agent.value("dockmedic_diagnoses_total", "service=\"b\""), "b diagnosed once");
                assertEquals(1.0, agent.value("dockmedic_diagnoses_total", "service=\"c\""), "c diagnosed once");
                assertEquals(1.0, agent.value("dockmedic_active_diagnosis", "container=\"" + a + "\""), "a still active");
                assertEquals(1.0, agent.value("dockmedic_container_health_status", "container=\"" + b + "\"", "status=\"healthy\""));
                assertTrue(agent.value("dockmedic_docker_events_total") > 0);
            }
        }
    }
}
