package io.dockmedic.it;

import static io.dockmedic.it.AgentHarness.atLeast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockmedic.journal.Journal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default mode: an opted-in unhealthy container is not touched; journal and metrics say what would have been done. */
class RemediationDryRunIT {
    @Test
    void dryRunTouchesNothing() throws Exception {
        Path state = Files.createTempDirectory("dockmedic-state");
        try (TestDocker docker = new TestDocker();
             AgentHarness agent = new AgentHarness(docker.host(), Map.of("state_dir", state.toString(),
                     "remediation.grace_period", "200ms"))) {
            agent.await(Duration.ofSeconds(10), "event stream up", atLeast(1, "dockmedic_event_stream_up"));
            String id = docker.start(new TestDocker.Spec(docker.name("dry")).countBoots().compose(docker.name("dryproj"), "dry")
                    .label("dockmedic.remediate", "true")
                    .lines(List.of("redis.exceptions.ConnectionError: Error 111 connecting to redis:6379. Connection refused.")));
            agent.await(Duration.ofSeconds(60), "dry_run counted",
                    atLeast(1, "dockmedic_remediations_total", "service=\"dry\"", "playbook=\"restart\"", "outcome=\"dry_run\""));
            Thread.sleep(1000);
            assertEquals(0, docker.restarts(id));
            assertEquals("unhealthy", docker.health(id));
            List<ObjectNode> decisions = Journal.read(state).stream()
                    .filter(r -> "dry".equals(r.path("service").asText()) && "decision".equals(r.path("type").asText())).toList();
            assertEquals("dry_run", decisions.get(0).path("outcome").asText());
            assertEquals("would run restart -> wait-healthy", decisions.get(0).path("reason").asText());
            assertTrue(Journal.read(state).stream().anyMatch(r -> "diagnosis".equals(r.path("type").asText())
                    && "redis-connection-failed".equals(r.path("rule").asText())));
        }
    }
}
