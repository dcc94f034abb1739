package io.dockmedic.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;

/**
 * A real Alertmanager (Debian's prometheus-alertmanager, installed by scripts/test.sh) on 127.0.0.1:
 * a free port, its own config and storage in a temporary directory, no cluster.
 */
final class Alertmanager implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerProcess server;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    Alertmanager() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("dockmedic-alertmanager");
        Path config = Files.writeString(dir.resolve("alertmanager.yml"),
                "route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n");
        server = new ServerProcess("alertmanager", ServerProcess.tool("prometheus-alertmanager", "prometheus-alertmanager"), dir,
                port -> List.of("--config.file=" + config, "--storage.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=", "--log.level=warn"), http);
        base = server.url();
    }

    String url() {
        return base;
    }

    String log() throws IOException {
        return server.log();
    }

    /** GET /api/v2/alerts with label matchers such as {@code alertname="DockmedicDiagnosis"} (all must match). */
    JsonNode alerts(String... matchers) throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder();
        for (String m : matchers) {
            query.append(query.length() == 0 ? "?" : "&").append("filter=").append(URLEncoder.encode(m, StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v2/alerts" + query)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET /api/v2/alerts: HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
