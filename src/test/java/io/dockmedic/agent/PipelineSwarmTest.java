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
        return task("shop_api", 1, taskId, health, true);
    }

    /** A task container of {@code service} in {@code slot}, running or (killed by Swarm) exited, put in the engine. */
    private ContainerInfo task(String service, int slot, String taskId, Health health, boolean running) {
        String name = service + "." + slot + "." + taskId;
        ContainerInfo c = new ContainerInfo("cid-" + taskId, name, "img", Map.of(
                "com.docker.stack.namespace", "shop", "com.docker.swarm.service.name", service,
                "com.docker.swarm.task.id", taskId, "com.docker.swarm.task.name", name),
                Map.of(), running, false, running ? "running" : "exited", health, List.of(), running ? null : 137, false, 0,
                Instant.now(), null);
        engine.containers.put(c.id(), c);
        return c;
    }

    private static long series(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + "{")).count();
    }

    private double diagnosesOfApi() {
        return metrics.scrape().lines().filter(l -> l.startsWith("dockmedic_diagnoses_total{") && l.contains("service=\"api\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
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

    @Test
    void aReconcileThatForgetsTheKilledTaskKeepsTheServicesDiagnosis() {
        ContainerInfo first = task("t1", Health.UNHEALTHY);
        pipeline.failing(first, Trigger.UNHEALTHY, 0L, null);
        // Swarm killed t1 (it stays, exited, in the task history); a reconcile forgets what no longer runs
        ContainerInfo killed = task("shop_api", 1, "t1", Health.UNHEALTHY, false);
        pipeline.removed(ContainerRef.of(killed));
        assertEquals(1, pipeline.active().size(), "the service still fails: Swarm is replacing its task");

        pipeline.failing(task("t2", Health.UNHEALTHY), Trigger.UNHEALTHY, 0L, null);
        assertEquals(1.0, diagnosesOfApi(), "the replacement is the same failure: " + metrics.scrape());
        assertTrue(metrics.scrape().contains("dockmedic_swarm_task_replacements_total{project=\"shop\",service=\"api\"} 1.0"),
                metrics.scrape());
    }

    @Test
    void aHealthyReplacementInTheSameSlotClearsTheService() {
        pipeline.failing(task("t1", Health.UNHEALTHY), Trigger.UNHEALTHY, 0L, null);
        task("shop_api", 1, "t1", Health.UNHEALTHY, false); // killed by Swarm
        ContainerInfo second = task("t2", Health.STARTING);
        pipeline.health(ContainerRef.of(second), Health.STARTING);
        assertEquals(1, pipeline.active().size(), "a replacement that is still starting proves nothing");
        pipeline.health(ContainerRef.of(task("t2", Health.HEALTHY)), Health.HEALTHY);
        assertEquals(0, pipeline.active().size(), "a healthy task of the failing slot: the service is healthy again");
    }

    @Test
    void aHealthyTaskOfAnotherSlotDoesNotClearTheFailingOne() {
        pipeline.failing(task("t1", Health.UNHEALTHY), Trigger.UNHEALTHY, 0L, null);
        pipeline.health(ContainerRef.of(task("shop_api", 2, "u1", Health.HEALTHY, true)), Health.HEALTHY);
        assertEquals(1, pipeline.active().size(), "slot 1 still fails");
    }

    @Test
    void aStackRemovedWhileFailingClearsAndItsRecreatedServiceFailsAnew() {
        ContainerInfo first = task("t1", Health.UNHEALTHY);
        pipeline.failing(first, Trigger.UNHEALTHY, 0L, null);
        engine.containers.clear(); // docker stack rm: every task container goes
        pipeline.removed(ContainerRef.of(first));
        assertEquals(0, pipeline.active().size());
        assertEquals(0, pipeline.swarmServices(), "nothing kept for a service that is gone");

        pipeline.failing(task("t9", Health.UNHEALTHY), Trigger.UNHEALTHY, 0L, null); // the stack deployed again
        assertEquals(2.0, diagnosesOfApi(), "a re-created service's failure is a new diagnosis: " + metrics.scrape());
        assertTrue(!metrics.scrape().contains("dockmedic_swarm_task_replacements_total{project=\"shop\",service=\"api\"}"),
                "and no replacement: " + metrics.scrape());
    }

    @Test
    void aServiceWhoseTasksVanishedUnseenIsDroppedAtTheNextCheck() {
        pipeline.failing(task("t1", Health.UNHEALTHY), Trigger.UNHEALTHY, 0L, null);
        task("shop_api", 1, "t1", Health.UNHEALTHY, false);
        pipeline.removed(ContainerRef.of(task("shop_api", 1, "t1", Health.UNHEALTHY, false))); // a reconcile forgot it
        engine.containers.clear(); // then the stack went, while the stream was down
        pipeline.checkProjects(Trigger.RECONCILE);
        assertEquals(0, pipeline.active().size());
        assertEquals(0, pipeline.swarmServices());
        assertEquals(0, series(metrics.scrape(), "dockmedic_active_diagnosis"), metrics.scrape());
    }

    @Test
    void theFailingStreakIsOneSeriesPerSlotAcrossReplacements() {
        pipeline.failing(task("t1", Health.UNHEALTHY), Trigger.UNHEALTHY, 0L, null);
        pipeline.failing(task("t2", Health.UNHEALTHY), Trigger.UNHEALTHY, 0L, null);
        pipeline.failing(task("t3", Health.UNHEALTHY), Trigger.UNHEALTHY, 0L, null);
        String scrape = metrics.scrape();
        assertEquals(1, series(scrape, "dockmedic_health_failing_streak"), scrape);
        assertTrue(scrape.contains("dockmedic_health_failing_streak{container=\"shop_api.1\""), scrape);

        ContainerRef last = ContainerRef.of(task("t3", Health.UNHEALTHY));
        engine.containers.clear();
        pipeline.removed(last);
        assertEquals(0, series(metrics.scrape(), "dockmedic_health_failing_streak"), "gone with the service");
    }
}
