package io.dockmedic.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockmedic.metrics.ShippedQueries.Query;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The shipped Grafana and Prometheus files, checked without running them (PrometheusIT runs them):
 * the dashboard's structure, the metrics every query names, the alert rules' shape, and that the
 * compose override mounts files that exist where the provisioning expects them.
 */
class GrafanaFilesTest {
    private static final String DATASOURCE_VARIABLE = "${datasource}";
    private static final String HOME = "${DOCKMEDIC_HOME:-./dockmedic}/";

    @Test
    void dashboardIsValidJsonWithUniquePanelIdsAndTitles() throws Exception {
        JsonNode d = ShippedQueries.dashboard();
        assertEquals("dockmedic", d.path("uid").asText());
        assertTrue(d.path("schemaVersion").asInt() >= 36, "Grafana 10/11 schema");
        Set<Integer> ids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (JsonNode p : d.path("panels")) {
            assertTrue(titles.add(p.path("title").asText()), "duplicate panel title " + p.path("title"));
            assertTrue(p.path("id").isInt(), "panel without id: " + p.path("title"));
            assertTrue(ids.add(p.path("id").asInt()), "duplicate panel id " + p.path("id"));
            assertFalse(p.path("title").asText().isBlank());
            assertTrue(p.path("targets").size() > 0, "panel without query: " + p.path("title"));
        }
        assertTrue(ids.size() >= 15, "all the panels: " + ids.size());
    }

    @Test
    void everyPanelAndVariableUsesTheDatasourceVariable() throws Exception {
        JsonNode d = ShippedQueries.dashboard();
        for (JsonNode p : d.path("panels")) {
            assertEquals(DATASOURCE_VARIABLE, p.path("datasource").path("uid").asText(), "panel " + p.path("title"));
            for (JsonNode t : p.path("targets")) {
                assertEquals(DATASOURCE_VARIABLE, t.path("datasource").path("uid").asText(),
                        "target " + t.path("refId") + " of " + p.path("title"));
            }
        }
        Map<String, JsonNode> vars = new HashMap<>();
        d.path("templating").path("list").forEach(v -> vars.put(v.path("name").asText(), v));
        assertEquals("datasource", vars.get("datasource").path("type").asText());
        assertEquals("prometheus", vars.get("datasource").path("query").asText());
        for (String name : List.of("project", "service")) {
            JsonNode v = vars.get(name);
            assertEquals("query", v.path("type").asText(), name);
            assertEquals(DATASOURCE_VARIABLE, v.path("datasource").path("uid").asText(), name);
            assertTrue(v.path("includeAll").asBoolean() && v.path("multi").asBoolean(), name);
            assertEquals(".*", v.path("allValue").asText(), name);
        }
        assertEquals("custom", vars.get("lang").path("type").asText());
        // every panel over project/service series filters by both variables
        for (Query q : ShippedQueries.dashboardQueries()) {
            if (q.expr().matches("(?s).*dockmedic_(container|unhealthy|diagnoses|active|root|unclassified|remediation).*")
                    && !q.series()) {
                assertTrue(q.expr().contains("project=~\"$project\", service=~\"$service\""), q.where());
            }
        }
    }

    @Test
    void everyMetricNamedIsOneTheAgentExports() throws Exception {
        Set<String> exported = new TreeSet<>(DockmedicMetricsTest.exportedNames());
        List<String> unknown = new ArrayList<>();
        for (Query q : ShippedQueries.dashboardQueries()) {
            ShippedQueries.metricNames(q.expr()).stream().filter(n -> !exported.contains(n))
                    .forEach(n -> unknown.add(q.where() + ": " + n));
        }
        exported.add("up"); // alerts also read Prometheus's own up{job="dockmedic"}
        List<Query> alerts = new ArrayList<>(ShippedQueries.prometheusAlerts());
        alerts.addAll(ShippedQueries.grafanaAlerts());
        for (Query q : alerts) {
            ShippedQueries.metricNames(q.expr()).stream().filter(n -> !exported.contains(n))
                    .forEach(n -> unknown.add(q.where() + ": " + n));
        }
        assertEquals(List.of(), unknown, "exported: " + exported);
    }

    @Test
    void metricNamesLexer() {
        assertEquals(Set.of("dockmedic_active_diagnosis", "dockmedic_rule_info"), ShippedQueries.metricNames(
                "max by (a, b) (label_replace(dockmedic_active_diagnosis{project=~\"$project\"} * on (job, rule)"
                        + " group_left (title_$lang) dockmedic_rule_info, \"t\", \"$1\", \"x\", \"(.*)\")) > 0 or vector(0)"));
        assertEquals(Set.of("up"), ShippedQueries.metricNames("max by (instance) (up{job=\"dockmedic\"}) == 0 or absent(up)"));
        assertEquals(Set.of("x_bucket"), ShippedQueries.metricNames("histogram_quantile(0.95, sum by (le) (rate(x_bucket[$__rate_interval]))) * 1e3"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void grafanaAlertRulesAreWellFormed() throws Exception {
        String uid = (String) ((List<Map<String, Object>>) ShippedQueries.yaml(ShippedQueries.GRAFANA_DATASOURCE)
                .get("datasources")).get(0).get("uid");
        Set<String> uids = new HashSet<>();
        List<Map<String, Object>> rules = ShippedQueries.grafanaRules();
        assertEquals(ShippedQueries.prometheusAlerts().size(), rules.size(), "the same alerts as for Alertmanager");
        for (Map<String, Object> r : rules) {
            assertTrue(uids.add((String) r.get("uid")), "duplicate uid " + r.get("uid"));
            Set<String> refIds = new HashSet<>();
            for (Map<String, Object> data : (List<Map<String, Object>>) r.get("data")) {
                refIds.add((String) data.get("refId"));
                String ds = (String) data.get("datasourceUid");
                assertTrue(ds.equals(uid) || ds.equals("__expr__"), r.get("uid") + " uses data source " + ds);
                Map<String, Object> model = (Map<String, Object>) data.get("model");
                assertEquals(data.get("refId"), model.get("refId"));
                if (model.containsKey("expression")) {
                    assertTrue(refIds.contains((String) model.get("expression")), r.get("uid") + ": refers to a later refId");
                }
            }
            assertTrue(refIds.contains((String) r.get("condition")), r.get("uid") + ": condition " + r.get("condition"));
            assertBilingual((String) r.get("uid"), (Map<String, Object>) r.get("annotations"));
            assertTrue(List.of("OK", "NoData", "Alerting").contains(r.get("noDataState")), r.get("uid") + " noDataState");
            assertTrue(List.of("OK", "Error", "Alerting").contains(r.get("execErrState")), r.get("uid") + " execErrState");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusAlertsHaveSeverityAndBilingualAnnotations() throws Exception {
        for (Map<String, Object> g : (List<Map<String, Object>>) ShippedQueries.yaml(ShippedQueries.PROMETHEUS_ALERTS).get("groups")) {
            for (Map<String, Object> r : (List<Map<String, Object>>) g.get("rules")) {
                Map<String, Object> labels = (Map<String, Object>) r.getOrDefault("labels", Map.of());
                assertTrue(labels.containsKey("severity") || ((String) r.get("expr")).contains("severity"),
                        r.get("alert") + ": severity fixed or from the rule");
                assertBilingual((String) r.get("alert"), (Map<String, Object>) r.get("annotations"));
            }
        }
    }

    private static void assertBilingual(String where, Map<String, Object> annotations) {
        for (String key : List.of("summary", "description")) {
            assertTrue(annotations.containsKey(key) && annotations.containsKey(key + "_zh"), where + ": " + key + " in en and zh");
        }
        assertEquals(annotations.containsKey("remedy"), annotations.containsKey("remedy_zh"), where + ": remedy in both");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeOverrideMountsShippedFilesWhereProvisioningExpectsThem() throws Exception {
        Map<String, Object> services = (Map<String, Object>) ShippedQueries.yaml(ShippedQueries.COMPOSE).get("services");
        Map<String, String> mounts = new HashMap<>();
        for (String service : List.of("prometheus", "grafana")) {
            for (String volume : (List<String>) ((Map<String, Object>) services.get(service)).get("volumes")) {
                assertTrue(volume.startsWith(HOME), volume);
                String[] parts = volume.substring(HOME.length()).split(":");
                assertTrue(Files.exists(ShippedQueries.ROOT.resolve(parts[0])), "mounted but missing: " + parts[0]);
                mounts.put(parts[0], parts[1]);
            }
        }
        Map<String, Object> provider = ((List<Map<String, Object>>) ShippedQueries.yaml(ShippedQueries.GRAFANA_PROVIDER)
                .get("providers")).get(0);
        assertEquals(mounts.get("grafana/dashboards"), ((Map<String, Object>) provider.get("options")).get("path"));
        for (String kind : List.of("datasources", "dashboards", "alerting")) {
            assertEquals("/etc/grafana/provisioning/" + kind + "/dockmedic.yml",
                    mounts.get("grafana/provisioning/" + kind + "/dockmedic.yml"), kind);
        }
        String prometheusDir = mounts.get("packaging/prometheus");
        assertTrue(Files.readString(ShippedQueries.SCRAPE).contains(prometheusDir + "/scrape.yml"), "scrape.yml names its mount");
        Map<String, Object> job = ((List<Map<String, Object>>) ShippedQueries.yaml(ShippedQueries.SCRAPE).get("scrape_configs")).get(0);
        assertEquals("dockmedic", job.get("job_name"), "the alerts read up{job=\"dockmedic\"}");
        assertTrue(((Map<String, Object>) services.get("dockmedic")).get("volumes").toString().contains("/var/run/docker.sock"));
    }
}
