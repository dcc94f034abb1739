package io.dockmedic.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.compose.ComposeFile;
import io.dockmedic.compose.ComposeProject;
import io.dockmedic.docker.Engine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The troubleshooting page's "6 containers" check: compose file services against a project's containers. */
class ExpectedServicesTest {

    private static final ComposeProject EXAMPLE_STACK = ComposeProject.merge(List.of(ComposeFile.parse("docker-compose.prod.yml", """
            services:
              postgres: {image: postgres:16}
              redis: {image: redis:7}
              app:
                build: .
                restart: unless-stopped
                depends_on: [postgres, redis]
              memory-optimizer: {image: app, restart: always}
              prometheus:
                image: prom/prometheus
                depends_on: [app]
              grafana: {image: grafana/grafana}
              migrate: {image: app, restart: "no"}
              debug: {image: busybox, profiles: [debug]}
              tools: {image: busybox, profiles: [debug, ops]}
              worker: {image: app, deploy: {replicas: 0}}
              legacy: {image: app, scale: 0}
            """)));

    private static Engine.Member m(String service, String state, Integer exit) {
        return m(service, "ai_assistant-" + service + "-1", state, exit, Map.of());
    }

    private static Engine.Member m(String service, String name, String state, Integer exit, Map<String, String> extra) {
        Map<String, String> labels = new HashMap<>(extra);
        labels.put("com.docker.compose.project", "ai_assistant");
        labels.put("com.docker.compose.service", service);
        return new Engine.Member("id-" + name, name, service, "img", state, exit, labels);
    }

    /** The six long-running services up, the migration done. */
    private static List<Engine.Member> healthy() {
        List<Engine.Member> l = new ArrayList<>();
        for (String s : List.of("postgres", "redis", "app", "memory-optimizer", "prometheus", "grafana")) {
            l.add(m(s, "running", null));
        }
        l.add(m("migrate", "exited", 0));
        return l;
    }

    private static ExpectedServices.Outcome compare(List<Engine.Member> members) {
        return ExpectedServices.compare("ai_assistant", EXAMPLE_STACK, members, NOW);
    }

    @Test
    void sixRunningAndAOneShotThatExitedZeroAreNoGap() {
        ExpectedServices.Outcome o = compare(healthy());
        assertEquals(List.of(), o.gaps());
        assertEquals(Map.of("expected", 7, "running", 6, "completed", 1, "missing", 0, "exited", 0), o.counts(),
                "profiles not active and scale 0 are not expected");
    }

    @Test
    void aMissingServiceIsAGapWithTheNameComposeWouldGiveIt() {
        List<Engine.Member> l = healthy();
        l.removeIf(x -> x.service().equals("postgres"));
        ExpectedServices.Outcome o = compare(l);
        assertEquals(1, o.gaps().size());
        ExpectedServices.Gap g = o.gaps().get(0);
        assertEquals(List.of("postgres", "missing", "ai_assistant-postgres-1", ""), List.of(g.service(), g.state().label(), g.container(), g.containerId()));
        assertEquals("compose service \"postgres\" of project \"ai_assistant\": no container (expected ai_assistant-postgres-1)", g.evidence());
        assertEquals(1, o.counts().get("missing"));
        assertEquals(5, o.counts().get("running"));

        List<Engine.Member> v1 = new ArrayList<>();
        v1.add(m("redis", "ai_assistant_redis_1", "running", null, Map.of()));
        assertEquals("ai_assistant_postgres_1", ExpectedServices.compare("ai_assistant", EXAMPLE_STACK, v1, NOW).gaps().get(0).container(),
                "Compose v1 names are recognised from the project's other containers");
    }

    private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");

    private static Engine.Member createdAt(String service, Instant created) {
        Engine.Member x = m(service, "created", null);
        return new Engine.Member(x.id(), x.name(), x.service(), x.image(), x.state(), x.exitCode(), x.labels(), created);
    }

    /** compose up creates every container, then starts each once what it depends on is healthy: not a gap yet. */
    @Test
    void aContainerCreatedMomentsAgoIsBeingDeployedNotAGap() {
        List<Engine.Member> l = healthy();
        l.removeIf(x -> x.service().equals("app"));
        l.add(createdAt("app", NOW.minusSeconds(5)));
        ExpectedServices.Outcome o = compare(l);
        assertEquals(List.of(), o.gaps());
        assertEquals(1, o.counts().get(ExpectedServices.State.MISSING.label()));
    }

    @Test
    void aContainerCreatedLongerThanTheGraceAgoAndNeverStartedIsAGap() {
        List<Engine.Member> l = healthy();
        l.removeIf(x -> x.service().equals("app"));
        l.add(createdAt("app", NOW.minus(ExpectedServices.DEPLOY_GRACE).minusSeconds(1)));
        assertEquals(ExpectedServices.State.MISSING, compare(l).gaps().get(0).state());
        l.set(l.size() - 1, createdAt("app", NOW.minus(ExpectedServices.DEPLOY_GRACE)));
        assertEquals(ExpectedServices.State.MISSING, compare(l).gaps().get(0).state(), "at the grace's end");
    }

    @Test
    void createdButNeverStartedCountsAsMissing() {
        List<Engine.Member> l = healthy();
        l.removeIf(x -> x.service().equals("app"));
        l.add(m("app", "created", null));
        ExpectedServices.Gap g = compare(l).gaps().get(0);
        assertEquals(ExpectedServices.State.MISSING, g.state());
        assertEquals("id-ai_assistant-app-1", g.containerId());
        assertTrue(g.evidence().endsWith("created, never started (container ai_assistant-app-1)"), g.evidence());
        assertEquals(Set.of("postgres", "redis"), g.dependsOn());
    }

    @Test
    void exitedNonZeroAndLongRunningExitedZeroAreGaps() {
        List<Engine.Member> l = healthy();
        l.removeIf(x -> List.of("app", "memory-optimizer", "grafana").contains(x.service()));
        l.add(m("app", "exited", 1));
        l.add(m("memory-optimizer", "exited", 0));
        l.add(m("grafana", "exited", 0));
        ExpectedServices.Outcome o = compare(l);
        assertEquals(List.of("app:exited", "memory-optimizer:exited"), o.gaps().stream().map(g -> g.service() + ":" + g.state().label()).toList(),
                "restart: always that exited 0 was stopped; grafana (no restart policy, Compose's default \"no\") exited 0 is done");
        assertEquals(2, o.counts().get("completed"));
        assertTrue(o.gaps().get(0).evidence().contains("Exited (1) (container ai_assistant-app-1, restart: unless-stopped)"),
                o.gaps().get(0).evidence());
    }

    @Test
    void aOneShotThatFailedIsAGap() {
        List<Engine.Member> l = healthy();
        l.removeIf(x -> x.service().equals("migrate"));
        l.add(m("migrate", "exited", 3));
        ExpectedServices.Gap g = compare(l).gaps().get(0);
        assertEquals("compose service \"migrate\" of project \"ai_assistant\": Exited (3) (container ai_assistant-migrate-1, restart: no)",
                g.evidence());
    }

    @Test
    void aProfileIsActiveWhenOneOfItsServicesHasAContainerAndOneOffsDoNotCount() {
        List<Engine.Member> l = healthy();
        l.add(m("debug", "running", null));
        ExpectedServices.Outcome o = compare(l);
        assertEquals(List.of("tools"), o.gaps().stream().map(ExpectedServices.Gap::service).toList(),
                "the debug profile is active, so tools (debug, ops) is expected too");
        List<Engine.Member> oneOff = healthy();
        oneOff.removeIf(x -> x.service().equals("redis"));
        oneOff.add(m("redis", "ai_assistant-redis-run-1", "running", null, Map.of("com.docker.compose.oneoff", "True")));
        assertEquals(List.of("redis"), compare(oneOff).gaps().stream().map(ExpectedServices.Gap::service).toList(),
                "a `docker compose run` container is not the service");
    }

    @Test
    void anIgnoredExitedServiceIsCountedButNoGap() {
        List<Engine.Member> l = healthy();
        l.removeIf(x -> x.service().equals("grafana"));
        l.add(m("grafana", "ai_assistant-grafana-1", "exited", 1, Map.of("dockmedic.ignore", "true")));
        ExpectedServices.Outcome o = compare(l);
        assertEquals(List.of(), o.gaps());
        assertEquals(1, o.counts().get("exited"));
    }
}
