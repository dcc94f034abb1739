package io.dockmedic.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dockmedic.diagnosis.Diagnoser;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.evidence.EvidenceCollector;
import io.dockmedic.rules.RuleLoader;
import io.dockmedic.rules.RuleSet;
import io.dockmedic.stack.ComposeFiles;
import io.dockmedic.stack.InspectCache;
import io.dockmedic.state.Health;
import io.dockmedic.state.Trigger;
import io.dockmedic.watch.FakeEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code diagnose CONTAINER}'s root cause behind the fake engine: the failing services a container
 * depends on, directly or through others, are diagnosed and correlated as the agent would have.
 */
class DiagnosisServiceTest {
    private final FakeEngine engine = new FakeEngine();
    private DiagnosisService service;

    @BeforeEach
    void setUp() throws Exception {
        RuleSet rules = RuleLoader.load(List.of(), true);
        service = new DiagnosisService(engine, new EvidenceCollector(engine, 50, 5), new Diagnoser(() -> rules),
                new InspectCache(Duration.ZERO), new ComposeFiles());
    }

    private ContainerInfo put(String name, String dependsOn, boolean running, Integer exit, Health health, String line) {
        Map<String, String> labels = new HashMap<>(Map.of("com.docker.compose.project", "shop",
                "com.docker.compose.service", name));
        if (dependsOn != null) {
            labels.put("com.docker.compose.depends_on", dependsOn + ":service_started:false");
        }
        ContainerInfo c = new ContainerInfo("id-" + name, "shop-" + name + "-1", "img", labels, Map.of(), running, false,
                running ? "running" : "exited", health, List.of(), exit, false, 0, Instant.now(), null);
        engine.containers.put(c.id(), c);
        engine.logs.put(c.id(), List.of(line));
        return c;
    }

    private static final String PANIC = "panic: runtime error: invalid memory address or nil pointer dereference";
    private static final String DISK = "OSError: [Errno 28] No space left on device: '/data/segment-7'";

    @Test
    void theDeepestFailingDependencyIsTheRoot() {
        put("store", null, true, null, Health.UNHEALTHY, DISK);
        put("api", "store", true, null, Health.UNHEALTHY, PANIC);
        ContainerInfo web = put("web", "api", true, null, Health.UNHEALTHY, PANIC);
        Report r = service.diagnoseNow(web);
        assertEquals(Trigger.MANUAL, r.trigger());
        assertEquals("go-panic", r.top().rule());
        assertEquals("store", r.symptomOf(), "through api, which fails too");
        assertEquals("store", r.top().symptomOf());
    }

    @Test
    void aCrashedDependencyCountsAndAStoppedOneDoesNot() {
        put("store", null, false, 3, Health.NONE, DISK);
        ContainerInfo web = put("web", "store", true, null, Health.UNHEALTHY, PANIC);
        assertEquals("store", service.diagnoseNow(web).symptomOf());

        put("store", null, false, 143, Health.NONE, DISK); // docker stop
        assertNull(service.diagnoseNow(web).symptomOf());
    }

    @Test
    void aHealthyDependencyLeavesTheContainerItsOwnRoot() {
        put("store", null, true, null, Health.HEALTHY, DISK);
        ContainerInfo web = put("web", "store", true, null, Health.UNHEALTHY, PANIC);
        assertNull(service.diagnoseNow(web).symptomOf());
    }

    @Test
    void theAgentsPathGivesTheSameReportButTheRootCause() {
        put("store", null, true, null, Health.UNHEALTHY, DISK);
        ContainerInfo web = put("web", "store", true, null, Health.UNHEALTHY, PANIC);
        DiagnosisService.Diagnosed d = service.diagnose(web, Trigger.UNHEALTHY, 0L, null).orElseThrow();
        assertEquals(java.util.Set.of("store"), d.dependsOn());
        assertEquals(List.of("id-store"), d.dependencies().stream().map(ContainerInfo::id).toList());
        assertEquals(d.report().top().rule(), service.diagnoseNow(web).top().rule());
        assertNull(d.report().symptomOf(), "the correlator marks it, not the classification");
    }
}
