package io.dockmedic.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.diagnosis.Report;
import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.state.Health;
import io.dockmedic.state.Trigger;
import io.dockmedic.watch.ContainerRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Swarm replaces an unhealthy task with a new container: the diagnosis stays on the service, replacements count. */
class PipelineSwarmTest extends PipelineTestBase {
    private ContainerInfo task(String taskId, Health health) {
        ContainerInfo c = new ContainerInfo("cid-" + taskId, "shop_api.1." + taskId, "img", Map.of(
                "com.docker.stack.namespace", "shop", "com.docker.swarm.service.name", "shop_api",
                "com.docker.swarm.task.id", taskId, "com.docker.swarm.task.name", "shop_api.1." + taskId),
                Map.of(), true, false, "running", health, List.of(), null, false, 0, Instant.now(), null);
        engine.containers.put(c.id(), c);
        return c;
    }

    @Test
    void aReplacedTaskIsTheSameFailureOfTheService() {
        ContainerInfo first = task("t1", Health.UNHEALTHY);
        pipeline.failing(first, Trigger.UNHEALTHY, 0L, null);
        assertEquals(1, pipeline.active().size());
        Report r = pipeline.active().values().iterator().next();
        assertEquals("shop", r.project());
        assertEquals("api", r.service());

        ContainerInfo second = task("t2", Health.STARTING); // Swarm killed t1 and started t2
        pipeline.health(ContainerRef.of(second), Health.STARTING);
        pipeline.failing(task("t2", Health.UNHEALTHY), Trigger.UNHEALTHY, 0L, null);
        pipeline.removed(ContainerRef.of(first)); // t1 removed while t2 fails: the service's diagnosis holds

        assertEquals(1, pipeline.active().size(), "one diagnosis for the service: " + pipeline.active().keySet());
        String scrape = metrics.scrape();
        assertTrue(scrape.contains("dockmedic_swarm_task_replacements_total{project=\"shop\",service=\"api\"} 1.0"), scrape);
        assertTrue(scrape.matches("(?s).*dockmedic_diagnoses_total\\{[^}]*service=\"api\"[^}]*} 1\\.0.*"),
                "the replacement is not a new diagnosis: " + scrape);
        assertTrue(scrape.matches("(?s).*dockmedic_active_diagnosis\\{[^}]*container=\"shop_api\\.1\"[^}]*} 1\\.0.*"),
                "the active series is named by the slot, not the task: " + scrape);
    }

    @Test
    void aRefreshOfTheReplacedTaskIsNoReplacement() {
        ContainerInfo first = task("t1", Health.UNHEALTHY);
        pipeline.failing(first, Trigger.UNHEALTHY, 0L, null);
        pipeline.failing(task("t2", Health.UNHEALTHY), Trigger.UNHEALTHY, 0L, null);
        pipeline.failing(first, Trigger.REFRESH, 0L, null); // the killed task still inspects as unhealthy
        pipeline.removed(ContainerRef.of(first));

        assertEquals(1, pipeline.active().size(), "t2 still holds the service's diagnosis");
        assertTrue(metrics.scrape().contains("dockmedic_swarm_task_replacements_total{project=\"shop\",service=\"api\"} 1.0"),
                metrics.scrape());
    }

    @Test
    void theServiceClearsWhenItsFailingTaskIsHealthyAgain() {
        ContainerInfo first = task("t1", Health.UNHEALTHY);
        pipeline.failing(first, Trigger.UNHEALTHY, 0L, null);
        pipeline.recovered(ContainerRef.of(first));
        assertEquals(0, pipeline.active().size());
    }
}
