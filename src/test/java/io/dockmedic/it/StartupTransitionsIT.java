package io.dockmedic.it;

import static io.dockmedic.it.AgentHarness.atLeast;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Containers turn unhealthy while the agent starts: before it subscribes to the engine's events, while its rules
 * compile and its HTTP server starts (the event stream is declared up before the start-up reconcile and before the
 * rules are ready), and just after. Each is diagnosed exactly once, by its event or by the reconcile, and with the
 * rules (a diagnosis waits for them).
 */
class StartupTransitionsIT {
    private static final int EACH = 3;

    @Test
    void everyTransitionAroundTheStartIsDiagnosedOnce() throws Exception {
        try (TestDocker docker = new TestDocker()) {
            String project = docker.name("boot");
            List<String> ids = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 3 * EACH; i++) {
                String name = docker.name("s" + i);
                String id = docker.start(new TestDocker.Spec(name).compose(project, "s" + i).lines(List.of(TestDocker.DB_LINE)));
                docker.recover(id);
                ids.add(id);
                names.add(name);
            }
            for (String id : ids) {
                docker.awaitHealth(id, "healthy", Duration.ofSeconds(15));
            }
            for (int i = 0; i < EACH; i++) {
                docker.breakAgain(ids.get(i)); // turn unhealthy before the agent subscribes (or while it does)
            }
            CompletableFuture<Void> during = CompletableFuture.runAsync(() -> {
                for (int i = EACH; i < 2 * EACH; i++) {
                    docker.breakAgain(ids.get(i));
                }
            });
            try (AgentHarness agent = new AgentHarness(docker.host())) {
                during.join();
                for (int i = 2 * EACH; i < 3 * EACH; i++) {
                    docker.breakAgain(ids.get(i));
                }
                agent.await(Duration.ofSeconds(30), "all " + names.size() + " diagnosed with the rules", h -> names.stream()
                        .allMatch(n -> atLeast(1, "dockmedic_active_diagnosis", "container=\"" + n + "\"",
                                "rule=\"postgres-auth-failed\"").test(h)));
                Thread.sleep(3000); // more probes fail, refresh ticks come: still one diagnosis each
                for (int i = 0; i < names.size(); i++) {
                    assertEquals(1.0, agent.value("dockmedic_diagnoses_total", "project=\"" + project + "\"",
                            "service=\"s" + i + "\""), names.get(i) + " diagnosed once");
                    assertEquals(1.0, agent.value("dockmedic_unhealthy_transitions_total", "project=\"" + project + "\"",
                            "service=\"s" + i + "\""), names.get(i) + ": one transition");
                }
            }
        }
    }
}
