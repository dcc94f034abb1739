package io.dockmedic.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.diagnosis.Report;
import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.state.Health;
import io.dockmedic.state.Trigger;
import io.dockmedic.watch.ContainerRef;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pipeline's project check behind the fake engine: missing and exited services, root cause, clearing. */
class PipelineProjectCheckTest extends PipelineTestBase {
    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("docker-compose.yml"), """
                services:
                  postgres: {image: postgres}
                  app:
                    depends_on: [postgres]
                  worker: {image: app, restart: always}
                  migrate: {image: app}
                """);
    }

    /** A container labelled as Compose v1 does: config files, no depends_on label. */
    private ContainerInfo put(String service, boolean running, Integer exit, Health health) {
        ContainerInfo c = new ContainerInfo("id-" + service, "shop_" + service + "_1", "img", Map.of(
                "com.docker.compose.project", "shop", "com.docker.compose.service", service,
                "com.docker.compose.project.config_files", dir.resolve("docker-compose.yml").toString()),
                Map.of(), running, false, running ? "running" : "exited", health, List.of(), exit, false, 0, Instant.now(), null);
        engine.containers.put(c.id(), c);
        return c;
    }

    private Report active(String service) {
        return pipeline.active().values().stream().filter(r -> r.service().equals(service)).findFirst().orElse(null);
    }

    @Test
    void aMissingServiceIsTheRootOfTheAppThatDependsOnIt() {
        ContainerInfo app = put("app", true, null, Health.UNHEALTHY);
        put("worker", true, null, Health.NONE);
        put("migrate", false, 0, Health.NONE);
        pipeline.failing(app, Trigger.UNHEALTHY, 0L, null);
        pipeline.checkProjects(Trigger.REFRESH);

        assertEquals("compose-service-missing", active("postgres").top().rule());
        assertTrue(active("postgres").top().evidence().get(0).contains("no container (expected shop_postgres_1)"),
                active("postgres").top().evidence().toString());
        assertNull(active("postgres").symptomOf());
        assertEquals("postgres", active("app").symptomOf(), "depends_on read from the compose file");
        assertNull(active("migrate"), "a one-shot that exited 0 is done");
        String scrape = metrics.scrape();
        assertTrue(scrape.contains("dockmedic_compose_services{project=\"shop\",state=\"missing\"} 1.0"), scrape);
        assertTrue(scrape.contains("dockmedic_root_cause{category=\"crash\",project=\"shop\",rule=\"compose-service-missing\",service=\"postgres\"} 1.0"), scrape);

        pipeline.checkProjects(Trigger.REFRESH); // the same gap again: counted once
        assertTrue(metrics.scrape().contains("dockmedic_diagnoses_total{category=\"crash\",project=\"shop\",rule=\"compose-service-missing\","
                + "service=\"postgres\",severity=\"critical\"} 1.0"));

        ContainerInfo pg = put("postgres", true, null, Health.NONE);
        pipeline.health(ContainerRef.of(pg), Health.NONE); // it started: cleared at once
        assertNull(active("postgres"));
        assertNull(active("app").symptomOf(), "the app is its own root cause again");
    }

    @Test
    void anExitedServiceIsDiagnosedUnlessTheWatcherSawItCrashAndClearsWhenItRunsAgain() {
        put("postgres", true, null, Health.NONE);
        put("app", true, null, Health.HEALTHY);
        put("migrate", false, 0, Health.NONE);
        ContainerInfo worker = put("worker", false, 0, Health.NONE);
        pipeline.checkProjects(Trigger.RECONCILE);
        assertEquals("compose-service-exited", active("worker").top().rule());
        assertTrue(active("worker").top().evidence().get(0).contains("Exited (0) (container shop_worker_1, restart: always)"));

        put("worker", true, null, Health.NONE);
        pipeline.checkProjects(Trigger.REFRESH);
        assertNull(active("worker"));
        assertTrue(metrics.scrape().contains("dockmedic_compose_services{project=\"shop\",state=\"running\"} 3.0"), metrics.scrape());

        ContainerInfo crashed = put("worker", false, 1, Health.NONE);
        pipeline.failing(crashed, Trigger.DIE, 0L, 1); // the watcher saw the crash: its diagnosis stays the only one
        pipeline.checkProjects(Trigger.REFRESH);
        assertEquals(1, pipeline.active().values().stream().filter(r -> r.service().equals("worker")).count());
        assertEquals(worker.id(), active("worker").containerId());
    }
}
