package io.dockmedic.it;

import static io.dockmedic.it.AgentHarness.atLeast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.metrics.ShippedQueries;
import io.dockmedic.metrics.ShippedQueries.Query;
import io.dockmedic.rules.Rule;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real Prometheus on loopback scrapes a real agent watching the real engine (through a proxy that
 * can cut the event stream) while test containers turn unhealthy: one with a database password
 * failure that prints a secret, one with nothing recognisable; in a second project one crash-loops
 * and one flaps (for the patterns in time), and the agent notifies a local receiver as its
 * Alertmanager (for the notifications' panel). Every PromQL expression shipped in
 * the dashboard and the alert rules is sent to Prometheus's HTTP API and must parse and return data;
 * the unhealthy alert must reach firing with the rule's remedy. The tests run in order: the last
 * ones cut the event stream and stop the agent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusIT {
    /**
     * The shipped queries over the remediation metrics (contract section 3), which the agent does not
     * export yet: they must parse; they may return nothing. Exactly these, checked below.
     */
    static final Set<String> REMEDIATION_QUERIES = Set.of(
            "dashboard panel 'Remediation outcomes' A",
            "dashboard panel 'Open remediation circuits' A",
            "prometheus alert DockmedicRemediationCircuitOpen",
            "grafana alert dockmedic-remediation-circuit-open A");
    /** Alert expressions with data only while their failure holds: checked in the test that makes it hold. */
    static final String STREAM_DOWN = "prometheus alert DockmedicEventStreamDown";
    static final String AGENT_ABSENT = "prometheus alert DockmedicAgentAbsent";
    static final String ACTIVE_TABLE = "dashboard panel 'Active diagnoses' A";

    static TestDocker docker;
    static CuttableProxy proxy;
    static AgentWithContainers fixture;
    static String project;
    static AgentHarness agent;
    static Prometheus prometheus;
    static WebhookReceiver alertmanager;
    static String secret;

    @BeforeAll
    static void start() throws Exception {
        alertmanager = new WebhookReceiver(Duration.ZERO);
        fixture = AgentWithContainers.start(java.util.Map.of("notify.alertmanager.url", alertmanager.url()), d -> {
            proxy = new CuttableProxy(d.host().replaceFirst("^unix://", ""));
            return proxy.host();
        });
        docker = fixture.docker;
        agent = fixture.agent;
        project = fixture.project("promit");
        prometheus = new Prometheus(Prometheus.config("127.0.0.1:" + agent.agent().port(),
                List.of(ShippedQueries.PROMETHEUS_ALERTS), List.of()));
        secret = "pw-" + UUID.randomUUID();
        // the project's compose file, for dockmedic_compose_services (both services run: no gap)
        String composeFile = java.nio.file.Files.writeString(java.nio.file.Files.createTempDirectory("promit")
                .resolve("compose.yml"), "services:\n  app: {build: .}\n  worker: {build: .}\n").toString();
        docker.start(new TestDocker.Spec(docker.name("app")).compose(project, "app").env("DB_PASSWORD=" + secret)
                .label("com.docker.compose.project.config_files", composeFile)
                .lines(List.of("INFO:     Started server process [1]",
                        "psycopg2.OperationalError: connection to server at \"postgres\" (172.20.0.2), port 5432 failed: "
                                + "FATAL:  password authentication failed for user \"app\" (password " + secret + ")")));
        docker.start(new TestDocker.Spec(docker.name("worker")).compose(project, "worker")
                .label("com.docker.compose.project.config_files", composeFile)
                .lines(List.of("INFO:     Application startup complete.", "worker idle")));
        agent.await(Duration.ofSeconds(20), "both diagnosed", h ->
                atLeast(1, "dockmedic_active_diagnosis", "service=\"app\"", "rule=\"postgres-auth-failed\"").test(h)
                        && atLeast(1, "dockmedic_active_diagnosis", "service=\"worker\"", "rule=\"unclassified\"").test(h));
        // rate() and increase() need samples before and after: three scrapes with both diagnoses
        await("three scrapes with the diagnoses", Duration.ofSeconds(20), () -> prometheus.query(
                "count_over_time(dockmedic_active_diagnosis{project=\"" + project + "\"}[1m]) >= 3").size() == 2);
        startPatternsInTime();
    }

    /**
     * A container that crash-loops (exit 1 under restart "always") and one whose healthcheck flaps, in
     * a project of their own (the tests below count the first project's diagnoses): the crash-loop,
     * restarts and flapping panels and alerts have data from this run's containers (the failing streak
     * from the first project's, which fail every probe).
     */
    private static void startPatternsInTime() throws Exception {
        String patterns = fixture.project("promit-time");
        docker.start(new TestDocker.Spec(docker.name("looper")).compose(patterns, "looper").noHealthcheck()
                .lines(List.of("panic: runtime error: invalid memory address or nil pointer dereference")).exit(1).restartAlways());
        docker.start(new TestDocker.Spec(docker.name("flappy")).compose(patterns, "flappy").flaps(2));
        String in = "{project=\"" + patterns + "\"}";
        for (String expr : List.of("dockmedic_crash_loop" + in + " > 0", "dockmedic_flapping" + in + " > 0",
                "dockmedic_health_failing_streak{project=\"" + project + "\"} >= 10", "count_over_time(dockmedic_restarts_total" + in + "[30s]) >= 2",
                "count_over_time(dockmedic_notifications_total{target=\"alertmanager\"}[30s]) >= 2")) {
            await(expr, Duration.ofSeconds(60), () -> !prometheus.query(expr).isEmpty());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (fixture != null) {
            fixture.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    @Test
    @Order(1)
    void diagnosesApiIsFilteredAndRedacted() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + agent.agent().port() + "/api/v1/diagnoses";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "?project=" + project + "&lang=zh")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertFalse(r.body().contains(secret), "the secret never leaves the agent: " + r.body());
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertEquals(2, body.path("active").size(), r.body());
        JsonNode app = body.path("active").findParents("service").stream()
                .filter(n -> n.path("service").asText().equals("app")).findFirst().orElseThrow();
        JsonNode d = app.path("diagnoses").get(0);
        assertEquals("postgres-auth-failed", d.path("rule").asText());
        assertEquals(rule("postgres-auth-failed").title().zh(), d.path("title").asText());
        assertTrue(d.path("evidence").toString().contains("***"), "evidence redacted: " + d.path("evidence"));
        assertTrue(body.path("recent").size() >= 2);

        JsonNode worker = new ObjectMapper().readTree(agent.get("/api/v1/diagnoses?service=worker&project=" + project));
        assertEquals(1, worker.path("active").size());
        assertFalse(worker.path("active").get(0).path("unclassified").path("signature").asText().isEmpty());
        HttpResponse<byte[]> gz = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.agent().port() + "/metrics"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElse(""), "large bodies are gzipped on request");
        try (var in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
            assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("dockmedic_rule_info{"));
        }
        for (String bad : List.of("?lang=fr", "?bogus=1", "?lang=en&lang=zh")) {
            assertEquals(400, http.send(HttpRequest.newBuilder(URI.create(base + bad)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), bad);
        }
    }

    @Test
    @Order(2)
    void everyShippedQueryParsesAndReturnsData() throws Exception {
        List<Query> queries = ShippedQueries.all();
        Set<String> overRemediation = new TreeSet<>();
        List<String> empty = new ArrayList<>();
        for (Query q : queries) {
            if (ShippedQueries.metricNames(q.expr()).stream().anyMatch(ShippedQueries.REMEDIATION_METRICS::contains)) {
                overRemediation.add(q.where());
            }
            for (String lang : q.usesLang() ? List.of("en", "zh") : List.of("en")) {
                JsonNode result;
                try {
                    result = q.series() ? prometheus.series(q.promql(lang)) : prometheus.query(q.promql(lang));
                } catch (AssertionError e) {
                    throw new AssertionError(q.where() + " (" + lang + "): " + e.getMessage() + "\n" + q.promql(lang), e);
                }
                boolean mayBeEmpty = REMEDIATION_QUERIES.contains(q.where()) || q.where().equals(STREAM_DOWN)
                        || q.where().equals(AGENT_ABSENT);
                if (result.isEmpty() && !mayBeEmpty) {
                    empty.add(q.where() + " (" + lang + "): " + q.promql(lang));
                }
            }
        }
        assertEquals(REMEDIATION_QUERIES, overRemediation, "the queries allowed to be empty are exactly those over remediation metrics");
        assertEquals(List.of(), empty, "queries without data");
        assertTrue(queries.size() >= 30, "all shipped queries: " + queries.size());
    }

    @Test
    @Order(3)
    void activeDiagnosesTableJoinsTheRemedyInBothLanguages() throws Exception {
        Query table = ShippedQueries.dashboardQueries().stream().filter(q -> q.where().equals(ACTIVE_TABLE)).findFirst().orElseThrow();
        Rule pg = rule("postgres-auth-failed");
        for (String lang : List.of("en", "zh")) {
            JsonNode app = row(prometheus.query(table.promql(lang)), "app");
            assertEquals("postgres-auth-failed", app.path("rule").asText());
            assertEquals("db-auth", app.path("category").asText());
            assertEquals("critical", app.path("severity").asText());
            assertEquals(lang.equals("en") ? pg.title().en() : pg.title().zh(), app.path("title").asText());
            assertEquals((lang.equals("en") ? pg.remedy().en() : pg.remedy().zh()).strip(), app.path("remedy").asText());
            assertEquals("unclassified", row(prometheus.query(table.promql(lang)), "worker").path("rule").asText());
        }
    }

    private static JsonNode row(JsonNode result, String service) {
        for (JsonNode r : result) {
            JsonNode m = r.path("metric");
            if (m.path("service").asText().equals(service) && m.path("project").asText().equals(project)) {
                return m;
            }
        }
        throw new AssertionError("no row for " + service + " in " + result);
    }

    @Test
    @Order(4)
    void unhealthyAlertFiresWithTheRulesSeverityAndRemedy() throws Exception {
        JsonNode[] firing = new JsonNode[1];
        await("DockmedicServiceUnhealthy firing for app", Duration.ofSeconds(60), () -> {
            for (JsonNode a : prometheus.alerts()) {
                JsonNode l = a.path("labels");
                if (l.path("alertname").asText().equals("DockmedicServiceUnhealthy") && l.path("service").asText().equals("app")
                        && l.path("project").asText().equals(project) && a.path("state").asText().equals("firing")) {
                    firing[0] = a;
                    return true;
                }
            }
            return false;
        });
        Rule pg = rule("postgres-auth-failed");
        JsonNode labels = firing[0].path("labels");
        assertEquals("critical", labels.path("severity").asText());
        assertEquals("postgres-auth-failed", labels.path("rule").asText());
        JsonNode ann = firing[0].path("annotations");
        assertEquals(pg.remedy().en().strip(), ann.path("remedy").asText());
        assertEquals(pg.remedy().zh().strip(), ann.path("remedy_zh").asText());
        assertEquals(project + "/app is unhealthy: " + pg.title().en(), ann.path("summary").asText());
        assertEquals(project + "/app 不健康：" + pg.title().zh(), ann.path("summary_zh").asText());
    }

    @Test
    @Order(5)
    void streamDownExpressionReturnsDataWhileTheStreamIsCut() throws Exception {
        proxy.cut();
        String expr = alertExpr(STREAM_DOWN);
        await(STREAM_DOWN + " has data", Duration.ofSeconds(15), () -> !prometheus.query(expr).isEmpty());
    }

    @Test
    @Order(6)
    void agentAbsentExpressionsReturnDataWhenTheAgentStops() throws Exception {
        agent.close();
        agent = null;
        String expr = alertExpr(AGENT_ABSENT);
        await(AGENT_ABSENT + " has data", Duration.ofSeconds(15), () -> !prometheus.query(expr).isEmpty());
        Query grafana = ShippedQueries.grafanaAlerts().stream()
                .filter(q -> q.where().equals("grafana alert dockmedic-agent-absent A")).findFirst().orElseThrow();
        assertEquals("0", prometheus.query(grafana.promql("en")).get(0).path("value").get(1).asText(), "below its threshold 1");
    }

    private static String alertExpr(String where) throws Exception {
        return ShippedQueries.prometheusAlerts().stream().filter(q -> q.where().equals(where)).findFirst().orElseThrow().expr();
    }

    private static Rule rule(String id) {
        return agent.agent().rules().rule(id).orElseThrow();
    }

    private static void await(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "\n--- prometheus log:\n" + prometheus.log());
    }
}
