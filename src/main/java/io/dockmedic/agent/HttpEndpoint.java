package io.dockmedic.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The agent's HTTP side: /metrics, /healthz, /api/v1/diagnoses and /api/v1/unclassified, on the JDK's HTTP server. */
final class HttpEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    HttpEndpoint(String host, int port, Supplier<String> metrics, Supplier<String> metricsOpenMetrics,
                 Supplier<Health> health, Supplier<String> diagnosesJson, Supplier<String> unclassifiedJson)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 64);
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "dockmedic-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", ex -> {
            String accept = ex.getRequestHeaders().getFirst("Accept");
            boolean om = accept != null && accept.contains("application/openmetrics-text");
            respond(ex, 200, om ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                    : "text/plain; version=0.0.4; charset=utf-8", om ? metricsOpenMetrics.get() : metrics.get());
        });
        server.createContext("/healthz", ex -> {
            Health h = health.get();
            respond(ex, h.ok() ? 200 : 503, "application/json", h.json());
        });
        server.createContext("/api/v1/diagnoses", ex -> respond(ex, 200, "application/json", diagnosesJson.get()));
        server.createContext("/api/v1/unclassified", ex -> respond(ex, 200, "application/json", unclassifiedJson.get()));
        server.createContext("/", ex -> respond(ex, 404, "text/plain",
                "not found: try /metrics, /healthz, /api/v1/diagnoses, /api/v1/unclassified\n"));
    }

    record Health(boolean ok, String json) {
    }

    private static void respond(HttpExchange ex, int code, String type, String body) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                byte[] b = "method not allowed\n".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(405, b.length);
                ex.getResponseBody().write(b);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            if ("HEAD".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(code, -1);
                return;
            }
            ex.sendResponseHeaders(code, bytes.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        } catch (RuntimeException e) {
            ex.sendResponseHeaders(500, -1);
        }
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
