package io.dockmedic.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.diagnosis.Diagnosis;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.rules.Category;
import io.dockmedic.rules.Rule;
import io.dockmedic.rules.RuleLoader;
import io.dockmedic.rules.RuleSet;
import io.dockmedic.rules.Severity;
import io.dockmedic.rules.Text;
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
        m.health("id1", who, "unhealthy");
        m.unhealthyTransition(who);
        m.diagnosed("id1", who, report(List.of(diagnosis())), System.currentTimeMillis() * 1_000_000L);
        m.diagnosed("id2", new DockmedicMetrics.Who("shop", "worker", "shop-worker-1"), report(List.of()), 0);
        m.event("health_status");
        m.streamUp(true);
        m.reconnected();
        m.rules(1, true);
        m.ruleInfo(RuleLoader.load(List.of(), true).rules());
        return m;
    }

    private static Diagnosis diagnosis() {
        return new Diagnosis("postgres-auth-failed", Category.DB_AUTH, Severity.CRITICAL, new Text("t", "t"),
                new Text("c", "c"), new Text("r", "r"), 0.9, List.of("line"), null, null);
    }

    private static Report report(List<Diagnosis> diagnoses) {
        return new Report("c", "id", "shop", "app", "unhealthy", diagnoses, List.of("ERROR something"), "sig1", 0, Instant.now());
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
}
