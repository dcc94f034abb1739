package io.dockmedic.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * Every PromQL expression the project ships: dashboard panels and variables, the Prometheus alert
 * rules and the Grafana-managed alert rules, each with where it comes from; plus a small lexer that
 * names the metrics an expression reads. Shared by the structural tests and the Prometheus IT.
 */
public final class ShippedQueries {
    public static final Path ROOT = Path.of(System.getProperty("user.dir"));
    public static final Path DASHBOARD = ROOT.resolve("grafana/dashboards/dockmedic.json");
    public static final Path GRAFANA_ALERTS = ROOT.resolve("grafana/provisioning/alerting/dockmedic.yml");
    public static final Path GRAFANA_DATASOURCE = ROOT.resolve("grafana/provisioning/datasources/dockmedic.yml");
    public static final Path GRAFANA_PROVIDER = ROOT.resolve("grafana/provisioning/dashboards/dockmedic.yml");
    public static final Path PROMETHEUS_ALERTS = ROOT.resolve("packaging/prometheus/dockmedic-alerts.yml");
    public static final Path SCRAPE = ROOT.resolve("packaging/prometheus/scrape.yml");
    public static final Path COMPOSE = ROOT.resolve("packaging/docker-compose.dockmedic.yml");
    public static final Path SWARM_STACK = ROOT.resolve("packaging/swarm/dockmedic-stack.yml");
    public static final Path SWARM_PROMETHEUS = ROOT.resolve("packaging/swarm/prometheus.yml");

    /**
     * The remediation metrics, exported once a remediation decision is made: PrometheusIT's scenario makes none, so the
     * queries over them are the only ones allowed to return no data there.
     */
    public static final Set<String> REMEDIATION_METRICS = Set.of("dockmedic_remediations_total", "dockmedic_remediation_circuit_open");

    /** The Grafana variables as the dashboard's "All" selections and a Prometheus with 1 s scrapes make them. */
    private static final Map<String, String> GRAFANA_VARIABLES = Map.of(
            "$engine", ".*", "$project", ".*", "$service", ".*", "$__rate_interval", "30s", "$__range", "5m", "$__interval", "15s");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)", Pattern.DOTALL);
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![0-9.\\w])[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "offset", "bool", "inf", "nan", "atan2");

    /**
     * One shipped query.
     *
     * @param where  e.g. "dashboard panel 'Active diagnoses'", "prometheus alert DockmedicAgentAbsent"
     * @param expr   PromQL as shipped (Grafana variables not substituted)
     * @param series true for a variable's label_values(SELECTOR, label): expr is then the selector
     */
    public record Query(String where, String expr, boolean series) {
        /** The expression with Grafana's variables substituted, for a language (en or zh). */
        public String promql(String lang) {
            String out = expr.replace("$lang", lang);
            for (Map.Entry<String, String> v : GRAFANA_VARIABLES.entrySet()) {
                out = out.replace(v.getKey(), v.getValue());
            }
            return out;
        }

        public boolean usesLang() {
            return expr.contains("$lang");
        }
    }

    private ShippedQueries() {
    }

    public static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(DASHBOARD.toFile());
    }

    public static Map<String, Object> yaml(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new Yaml().load(in);
        }
    }

    /** Dashboard panel targets and query variables. */
    public static List<Query> dashboardQueries() throws IOException {
        List<Query> out = new ArrayList<>();
        JsonNode d = dashboard();
        for (JsonNode p : d.path("panels")) {
            for (JsonNode t : p.path("targets")) {
                out.add(new Query("dashboard panel '" + p.path("title").asText() + "' " + t.path("refId").asText(),
                        t.path("expr").asText(), false));
            }
        }
        for (JsonNode v : d.path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                Matcher m = LABEL_VALUES.matcher(v.path("query").asText());
                if (!m.matches()) {
                    throw new IllegalStateException("variable " + v.path("name") + " is not label_values(SELECTOR, LABEL)");
                }
                out.add(new Query("dashboard variable $" + v.path("name").asText(), m.group(1).strip(), true));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public static List<Query> prometheusAlerts() throws IOException {
        List<Query> out = new ArrayList<>();
        for (Map<String, Object> g : (List<Map<String, Object>>) yaml(PROMETHEUS_ALERTS).get("groups")) {
            for (Map<String, Object> r : (List<Map<String, Object>>) g.get("rules")) {
                out.add(new Query("prometheus alert " + r.get("alert"), ((String) r.get("expr")).strip(), false));
            }
        }
        return out;
    }

    /** The Grafana alert rules as provisioned (groups, rules, data, ...). */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> grafanaRules() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> g : (List<Map<String, Object>>) yaml(GRAFANA_ALERTS).get("groups")) {
            out.addAll((List<Map<String, Object>>) g.get("rules"));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public static List<Query> grafanaAlerts() throws IOException {
        List<Query> out = new ArrayList<>();
        for (Map<String, Object> r : grafanaRules()) {
            for (Map<String, Object> data : (List<Map<String, Object>>) r.get("data")) {
                Map<String, Object> model = (Map<String, Object>) data.get("model");
                if (model.containsKey("expr")) {
                    out.add(new Query("grafana alert " + r.get("uid") + " " + data.get("refId"),
                            ((String) model.get("expr")).strip(), false));
                }
            }
        }
        return out;
    }

    public static List<Query> all() throws IOException {
        List<Query> out = new ArrayList<>(dashboardQueries());
        out.addAll(prometheusAlerts());
        out.addAll(grafanaAlerts());
        return out;
    }

    /**
     * The metric names an expression reads. A lexer, not a parser: it drops strings, label matchers,
     * range selectors and the label lists of by/without/on/ignoring/group_*, then keeps every
     * identifier that is not a keyword and not followed by '(' (a function or aggregation).
     */
    public static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> out = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String rest = s.substring(m.end()).stripLeading();
            if (!KEYWORDS.contains(m.group()) && !rest.startsWith("(")) {
                out.add(m.group());
            }
        }
        return out;
    }
}
