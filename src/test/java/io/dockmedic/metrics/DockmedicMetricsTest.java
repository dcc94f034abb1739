package io.dockmedic.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.diagnosis.Diagnosis;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.rules.Category;
import io.dockmedic.rules.Rule;
import io.dockmedic.rules.RuleLoader;
import io.dockmedic.rules.RuleSet;
import io.dockmedic.rules.Severity;
import io.dockmedic.rules.Text;
import io.dockmedic.state.Health;
import io.dockmedic.state.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DockmedicMetricsTest {

    /** Metrics every code path of the agent exports, by sample name (histogram buckets included). */
    static Set<String> exportedNames() throws Exception {
        try (DockmedicMetrics m = exercised()) {
            Set<String> names = new TreeSet<>();
            for (String line : m.scrape().split("\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    names.add(line.split("[{ ]", 2)[0]);
                }
            }
            return names;
        }
    }

    /** A registry after every kind of update the pipeline makes. */
    static DockmedicMetrics exercised() throws Exception {
        DockmedicMetrics m = new DockmedicMetrics("1.0", "abc");
        DockmedicMetrics.Who who = new DockmedicMetrics.Who("shop", "app", "shop-app-1");
        m.health("id1", who, Health.UNHEALTHY);
        m.unhealthyTransition(who);
        m.diagnosed("id1", who, report(List.of(diagnosis())), System.currentTimeMillis() * 1_000_000L);
        m.diagnosed("id2", new DockmedicMetrics.Who("shop", "worker", "shop-worker-1"), report(List.of()), 0);
        m.event("health_status");
        m.streamUp(true);
        m.reconnected();
        m.backlog(() -> 0);
        m.rules(1, true);
        m.ruleInfo(RuleLoader.load(List.of(), true).rules());
        m.composeServices("shop", java.util.Map.of("expected", 6, "running", 5, "completed", 0, "missing", 1, "exited", 0));
        m.failingStreak("id1", who, 7);
        m.restarted(who, 2);
        m.crashLoop("id1", who, true);
        m.flapping("id1", who, true);
        m.remediation("shop", "app", "restart-on-db-auth", "dry_run");
        m.circuitOpen("shop", "app", false);
        m.notification("slack", "sent");
        return m;
    }

    private static Diagnosis diagnosis() {
        return new Diagnosis("postgres-auth-failed", Category.DB_AUTH, Severity.CRITICAL, new Text("t", "t"),
                new Text("c", "c"), new Text("r", "r"), 0.9, List.of("line"), null, null);
    }

    private static Report report(List<Diagnosis> diagnoses) {
        return new Report("c", "id", "shop", "app", Trigger.UNHEALTHY, diagnoses, List.of("ERROR something"), "sig1", 0, Instant.now());
    }

    @Test
    void backlogIsReadFromTheWatcherAtEachScrape() throws Exception {
        try (DockmedicMetrics m = new DockmedicMetrics("1.0", "abc")) {
            java.util.concurrent.atomic.AtomicInteger backlog = new java.util.concurrent.atomic.AtomicInteger(7);
            m.backlog(backlog::get);
            assertTrue(m.scrape().lines().anyMatch("dockmedic_watch_backlog 7.0"::equals), m.scrape());
            backlog.set(0);
            assertTrue(m.scrape().lines().anyMatch("dockmedic_watch_backlog 0.0"::equals));
        }
    }

    @Test
    void ruleInfoHasOneSeriesPerLoadedRuleAndUnclassifiedWithTheirTexts() throws Exception {
        RuleSet builtin = RuleLoader.load(List.of(), true);
        try (DockmedicMetrics m = new DockmedicMetrics("1.0", "abc")) {
            m.ruleInfo(builtin.rules());
            List<String> info = m.scrape().lines().filter(l -> l.startsWith("dockmedic_rule_info{")).toList();
            assertEquals(builtin.size() + 1, info.size());
            Rule pg = builtin.rule("postgres-auth-failed").orElseThrow();
            String line = info.stream().filter(l -> l.contains("rule=\"postgres-auth-failed\"")).findFirst().orElseThrow();
            assertTrue(line.contains("category=\"db-auth\"") && line.contains("severity=\"critical\""), line);
            assertTrue(line.contains("title_zh=\"" + pg.title().zh() + "\""), line);
            assertTrue(line.contains("remedy_en=\"" + pg.remedy().en().strip().replace("\"", "\\\"") + "\""), line);
            assertTrue(line.endsWith(" 1"), line);
            assertTrue(info.stream().anyMatch(l -> l.contains("rule=\"unclassified\"") && l.contains("category=\"unclassified\"")));

            m.ruleInfo(List.of(pg)); // a reload: the rules gone are gone from the info too
            assertEquals(2, m.scrape().lines().filter(l -> l.startsWith("dockmedic_rule_info{")).count());
        }
    }

    private static List<String> samples(DockmedicMetrics m, String name) {
        return java.util.Arrays.stream(m.scrape().split("\n")).filter(l -> l.startsWith(name + "{")).sorted().toList();
    }

    @Test
    void healthIsOneHotPerContainerAndGoesWithTheContainer() throws Exception {
        try (DockmedicMetrics m = new DockmedicMetrics("1.0", "abc")) {
            DockmedicMetrics.Who app = new DockmedicMetrics.Who("shop", "app", "shop-app-1");
            m.health("id1", app, Health.STARTING);
            m.health("id1", app, Health.UNHEALTHY);
            m.health("id2", new DockmedicMetrics.Who("shop", "db", "shop-db-1"), Health.HEALTHY);
            List<String> rows = samples(m, "dockmedic_container_health_status");
            assertEquals(8, rows.size(), rows.toString());
            assertEquals(List.of("dockmedic_container_health_status{container=\"shop-app-1\",project=\"shop\",service=\"app\",status=\"unhealthy\"} 1.0"),
                    rows.stream().filter(r -> r.contains("shop-app-1") && r.endsWith(" 1.0")).toList());
            m.forget("id1");
            rows = samples(m, "dockmedic_container_health_status");
            assertEquals(4, rows.size(), rows.toString());
            assertTrue(rows.stream().allMatch(r -> r.contains("shop-db-1")));
        }
    }

    @Test
    void anActiveDiagnosisMovesWithItsTagsAndRootsAreOnePerServiceAndRule() throws Exception {
        try (DockmedicMetrics m = new DockmedicMetrics("1.0", "abc")) {
            DockmedicMetrics.Who a1 = new DockmedicMetrics.Who("shop", "app", "shop-app-1");
            DockmedicMetrics.Who a2 = new DockmedicMetrics.Who("shop", "app", "shop-app-2");
            m.diagnosed("id1", a1, report(List.of(diagnosis())), 0);
            m.diagnosed("id2", a2, report(List.of(diagnosis())), 0);
            assertEquals(2, samples(m, "dockmedic_active_diagnosis").size());
            assertEquals(1, samples(m, "dockmedic_root_cause").size(), "two replicas, one root series");
            m.clearActive("id1");
            assertEquals(1, samples(m, "dockmedic_root_cause").size(), "the other replica still holds it");
            // the same container, now a symptom: its active series stays, its root series goes
            m.reexport("id2", a2, report(List.of(diagnosis())).withSymptomOf("db"));
            assertEquals(1, samples(m, "dockmedic_active_diagnosis").size());
            assertEquals(0, samples(m, "dockmedic_root_cause").size());
            m.diagnosed("id2", a2, report(List.of()), 0);
            List<String> rows = samples(m, "dockmedic_active_diagnosis");
            assertEquals(1, rows.size(), rows.toString());
            assertTrue(rows.get(0).contains("rule=\"unclassified\""), rows.get(0));
            m.forget("id2");
            assertEquals(0, samples(m, "dockmedic_active_diagnosis").size());
        }
    }

    @Test
    void composeServicesAreCountedPerProjectAndStateAndDroppedWithTheProject() throws Exception {
        try (DockmedicMetrics m = exercised()) {
            assertTrue(m.scrape().contains("dockmedic_compose_services{project=\"shop\",state=\"missing\"} 1.0"), m.scrape());
            m.composeServices("shop", null);
            assertFalse(m.scrape().contains("dockmedic_compose_services{"), m.scrape());
        }
    }
}
