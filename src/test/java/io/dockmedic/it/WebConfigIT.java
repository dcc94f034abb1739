package io.dockmedic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.dockmedic.agent.TestCerts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's endpoints behind TLS and basic auth from a web config file (http.web_config): a scrape
 * without credentials is refused, with them it succeeds, both from a plain HTTPS client and from a
 * real Prometheus using the job of packaging/prometheus/scrape.yml with its TLS and basic-auth
 * settings. /healthz stays open for the container HEALTHCHECK.
 */
class WebConfigIT {
    private static final String USER = "prometheus";

    @Test
    void scrapeWithoutCredentialsIsRefusedWithThemItSucceeds(@TempDir Path tmp) throws Exception {
        TestCerts certs = TestCerts.create(tmp, "agent", "EC");
        String password = "scrape-" + System.nanoTime();
        String hash = new String(BCrypt.with(BCrypt.Version.VERSION_2Y).hash(10, password.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.US_ASCII);
        Path web = Files.writeString(tmp.resolve("web.yml"), "tls_server_config:\n  cert_file: agent.crt\n"
                + "  key_file: agent.key\nbasic_auth_users:\n  " + USER + ": " + hash + "\n");
        try (AgentHarness agent = new AgentHarness(TestDocker.engineHost(), Map.of("http.web_config", web.toString()))) {
            String base = "https://127.0.0.1:" + agent.agent().port();
            HttpClient client = HttpClient.newBuilder().sslContext(certs.clientContext()).connectTimeout(Duration.ofSeconds(10)).build();

            HttpResponse<String> refused = get(client, base + "/metrics", null);
            assertEquals(401, refused.statusCode());
            assertEquals("Basic realm=\"dockmedic\", charset=\"UTF-8\"", refused.headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals(401, get(client, base + "/metrics", USER + ":wrong").statusCode());
            assertEquals(401, get(client, base + "/api/v1/diagnoses", null).statusCode());
            HttpResponse<String> ok = get(client, base + "/metrics", USER + ":" + password);
            assertEquals(200, ok.statusCode());
            assertTrue(ok.body().contains("dockmedic_build_info"), ok.body());
            assertEquals(200, get(client, base + "/api/v1/diagnoses", USER + ":" + password).statusCode());
            assertEquals(200, get(client, base + "/healthz", null).statusCode(), "/healthz needs no credentials");
            assertThrows(IOException.class, () -> get(HttpClient.newHttpClient(),
                    "http://127.0.0.1:" + agent.agent().port() + "/healthz", null), "no plain HTTP on a TLS port");

            Files.writeString(tmp.resolve("password"), password);
            Map<String, Object> tls = Map.of("ca_file", certs.cert().toString());
            Map<String, Object> config = Prometheus.config("127.0.0.1:" + agent.agent().port(), List.of(), List.of(Map.of(
                    "job_name", "no-credentials", "scheme", "https", "tls_config", tls,
                    "static_configs", List.of(Map.of("targets", List.of("127.0.0.1:" + agent.agent().port()))))));
            @SuppressWarnings("unchecked")
            Map<String, Object> job = ((List<Map<String, Object>>) config.get("scrape_configs")).get(0);
            job.put("scheme", "https");
            job.put("tls_config", tls);
            job.put("basic_auth", Map.of("username", USER, "password_file", tmp.resolve("password").toString()));
            try (Prometheus prometheus = new Prometheus(config)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                Map<String, String> health = prometheus.targetHealth();
                while (System.nanoTime() < deadline && !(health.getOrDefault("dockmedic", "").startsWith("up")
                        && health.getOrDefault("no-credentials", "").contains("401"))) {
                    Thread.sleep(250);
                    health = prometheus.targetHealth();
                }
                assertTrue(health.get("dockmedic").startsWith("up"), "with credentials: " + health);
                assertTrue(health.get("no-credentials").startsWith("down") && health.get("no-credentials").contains("401"),
                        "without credentials: " + health);
            }
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url, String credentials)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15));
        if (credentials != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
