package io.dockmedic.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.metrics.ShippedQueries;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A real Prometheus (Debian's prometheus package, installed by scripts/test.sh) on 127.0.0.1 with a
 * temporary configuration and storage on a free port, and the parts of its HTTP API the tests use.
 */
final class Prometheus implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerProcess server;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** prometheus or promtool from PATH; fails (never skips) with what to do when it is missing. */
    static Path tool(String name) {
        return ServerProcess.tool(name, "prometheus");
    }

    /**
     * The scrape jobs of packaging/prometheus/scrape.yml pointed at a target, scraped every second, plus
     * extra jobs; evaluated every second with the given rule files.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> config(String target, List<Path> ruleFiles, List<Map<String, Object>> extraJobs)
            throws IOException {
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (Map<String, Object> job : (List<Map<String, Object>>) ShippedQueries.yaml(ShippedQueries.SCRAPE).get("scrape_configs")) {
            Map<String, Object> j = new LinkedHashMap<>(job);
            j.put("scrape_interval", "1s");
            j.put("scrape_timeout", "1s");
            j.put("static_configs", List.of(Map.of("targets", List.of(target))));
            jobs.add(j);
        }
        jobs.addAll(extraJobs);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("global", Map.of("scrape_interval", "1s", "evaluation_interval", "1s"));
        config.put("rule_files", ruleFiles.stream().map(Path::toString).toList());
        config.put("scrape_configs", jobs);
        return config;
    }

    Prometheus(Map<String, Object> config) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("dockmedic-prometheus");
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Path file = Files.writeString(dir.resolve("prometheus.yml"), new Yaml(options).dump(config));
        server = new ServerProcess("prometheus", tool("prometheus"), dir, port -> List.of("--config.file=" + file,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"), http);
        base = server.url();
    }

    String log() throws IOException {
        return server.log();
    }

    /** The result of an instant query (data.result); a parse or evaluation error fails with Prometheus's message. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        return api("/api/v1/query", "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("result");
    }

    /** The series matching a selector (/api/v1/series), as Grafana's label_values() reads them. */
    JsonNode series(String selector) throws IOException, InterruptedException {
        return api("/api/v1/series", "match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
    }

    /** Active alerts of the loaded rule files (/api/v1/alerts). */
    JsonNode alerts() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/alerts")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("data").path("alerts");
    }

    /** The scrape targets' health by job (/api/v1/targets). */
    Map<String, String> targetHealth() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/targets")).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode t : JSON.readTree(r.body()).path("data").path("activeTargets")) {
            out.put(t.path("labels").path("job").asText(), t.path("health").asText() + " " + t.path("lastError").asText());
        }
        return out;
    }

    private JsonNode api(String path, String form) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new AssertionError(body.path("errorType").asText() + ": " + body.path("error").asText());
        }
        return body.path("data");
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
