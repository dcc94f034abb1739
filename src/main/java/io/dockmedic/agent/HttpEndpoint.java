package io.dockmedic.agent;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * The agent's HTTP side: /metrics, /healthz, /api/v1/diagnoses and /api/v1/unclassified, on the JDK's
 * HTTP server; HTTPS and basic auth when the {@link WebConfig} asks for them. /healthz is never
 * authenticated: the container HEALTHCHECK calls it without credentials.
 */
final class HttpEndpoint implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HttpEndpoint.class);
    /** Bodies larger than this are gzipped for clients that accept it (Prometheus does). */
    private static final int GZIP_FROM = 4096;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String scheme;

    /**
     * @param diagnoses renders /api/v1/diagnoses for the query parameters; throws
     *     IllegalArgumentException (answered 400 with its message) for bad ones
     */
    HttpEndpoint(String host, int port, WebConfig web, Supplier<String> metrics, Supplier<String> metricsOpenMetrics,
                 Supplier<Health> health, Function<Map<String, String>, String> diagnoses,
                 Supplier<String> unclassifiedJson) throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (web.tls() != null) {
            HttpsServer https = HttpsServer.create(address, 64);
            https.setHttpsConfigurator(new HttpsConfigurator(web.tls()));
            server = https;
            scheme = "https";
        } else {
            server = HttpServer.create(address, 64);
            scheme = "http";
        }
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "dockmedic-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        protect(web, server.createContext("/metrics", ex -> {
            String accept = ex.getRequestHeaders().getFirst("Accept");
            boolean om = accept != null && accept.contains("application/openmetrics-text");
            respond(ex, 200, om ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                    : "text/plain; version=0.0.4; charset=utf-8", om ? metricsOpenMetrics.get() : metrics.get());
        }));
        server.createContext("/healthz", ex -> {
            Health h = health.get();
            respond(ex, h.ok() ? 200 : 503, "application/json", h.json());
        });
        protect(web, server.createContext("/api/v1/diagnoses", ex -> {
            String body;
            try {
                body = diagnoses.apply(query(ex.getRequestURI().getRawQuery()));
            } catch (IllegalArgumentException e) {
                respond(ex, 400, "text/plain; charset=utf-8", e.getMessage() + "\n");
                return;
            }
            respond(ex, 200, "application/json", body);
        }));
        protect(web, server.createContext("/api/v1/unclassified",
                ex -> respond(ex, 200, "application/json", unclassifiedJson.get())));
        protect(web, server.createContext("/", ex -> respond(ex, 404, "text/plain",
                "not found: try /metrics, /healthz, /api/v1/diagnoses, /api/v1/unclassified\n")));
    }

    record Health(boolean ok, String json) {
    }

    private static void protect(WebConfig web, HttpContext context) {
        if (web.authRequired()) {
            context.setAuthenticator(new BasicAuthenticator("dockmedic", StandardCharsets.UTF_8) {
                @Override
                public boolean checkCredentials(String user, String password) {
                    return web.check(user, password);
                }
            });
        }
    }

    /** Query parameters, decoded; a parameter given twice is an error. */
    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (out.put(name, value) != null) {
                throw new IllegalArgumentException("query parameter " + name + " is given twice");
            }
        }
        return out;
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
            String accept = ex.getRequestHeaders().getFirst("Accept-Encoding");
            if (bytes.length > GZIP_FROM && accept != null && accept.contains("gzip")) {
                ex.getResponseHeaders().set("Content-Encoding", "gzip");
                ex.sendResponseHeaders(code, 0);
                try (OutputStream os = new GZIPOutputStream(ex.getResponseBody())) {
                    os.write(bytes);
                }
                return;
            }
            ex.sendResponseHeaders(code, bytes.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        } catch (RuntimeException e) {
            log.warn("{} {} failed", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
            ex.sendResponseHeaders(500, -1); // throws when the headers went out already: the client sees the cut
        }
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** "http" or "https". */
    String scheme() {
        return scheme;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
