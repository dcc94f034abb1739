package io.dockmedic.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The agent's HTTP side: /metrics, /healthz, /api/v1/diagnoses and /api/v1/unclassified, on Jetty's core
 * server (no servlets); HTTPS and basic auth when the {@link WebConfig} asks for them. /healthz is never
 * authenticated: the container HEALTHCHECK calls it without credentials.
 *
 * <p>Hostile clients must not be able to starve /healthz: Jetty reads request headers and does TLS
 * handshakes without holding a thread (a client that sends half a request costs a socket and a buffer,
 * not a worker), every stage has a deadline (below), connections and threads are bounded, and bcrypt
 * checks run one at a time on their own thread with a short queue ({@link BasicAuth}): wrong passwords get
 * 401 after their check, or 429 at once when the queue is full, and a scraper's accepted password is
 * cached. The JDK's HTTP server was replaced because it reads headers and handshakes on its workers and
 * has only JVM-global timeouts.
 */
final class HttpEndpoint implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HttpEndpoint.class);
    /** Bodies larger than this are gzipped for clients that accept it (Prometheus does). */
    private static final int GZIP_FROM = 4096;
    /**
     * The server's timeouts, all enforced:
     *
     * @param idle idle timeout (Jetty's): a connection with no byte read or written for this long is closed:
     *     an idle keep-alive connection, a client that connects and sends nothing, a client that stops
     *     reading a response (so it bounds every blocked response write)
     * @param header read-header timeout: from a request's first byte to its last header byte (a stalled or
     *     trickled half request), and from accepting a TLS connection to the end of its handshake
     * @param request whole-request timeout: from a request's first byte until its response is fully
     *     written, so also the response-write timeout for a client that reads slowly but steadily;
     *     generous, as a bcrypt check may wait behind {@link BasicAuth#QUEUED_CHECKS} others
     * @param tick how often the header and request deadlines are checked ({@link ConnectionDeadlines})
     */
    record Timeouts(Duration idle, Duration header, Duration request, Duration tick) {
        static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofSeconds(1));
    }

    /**
     * Open connections at most (Prometheus needs one); at the limit Jetty stops accepting (new clients wait
     * in the kernel's backlog) and lowers the idle timeout of the open ones to {@link #IDLE_AT_LIMIT}.
     */
    static final int MAX_CONNECTIONS = 256;
    static final Duration IDLE_AT_LIMIT = Duration.ofSeconds(1);
    /** Worker threads at most (one of them runs the selector that accepts and reads); none is held by a slow client. */
    static final int MAX_THREADS = 6;
    /** Request header block at most (bytes); larger gets 431. */
    static final int MAX_HEADER_BYTES = 8192;
    private static final String CHALLENGE = "Basic realm=\"dockmedic\", charset=\"UTF-8\"";

    private final Server server;
    private final ServerConnector connector;
    private final BasicAuth auth;
    private final String scheme;

    /** Initialises Jetty's MIME types ({@link Agent#prepareStart}); a failure is left to the server's own start to report. */
    static void prepare() {
        try {
            Class.forName(MimeTypes.class.getName(), true, HttpEndpoint.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            // the server's start meets it again and reports it
        }
    }

    /**
     * @param diagnoses renders /api/v1/diagnoses for the query parameters; throws
     *     IllegalArgumentException (answered 400 with its message) for bad ones
     */
    HttpEndpoint(String host, int port, WebConfig web, Supplier<String> metrics, Supplier<String> metricsOpenMetrics,
                 Supplier<Health> health, Function<Map<String, String>, String> diagnoses,
                 Supplier<String> unclassifiedJson) {
        this(host, port, web, metrics, metricsOpenMetrics, health, diagnoses, unclassifiedJson, Timeouts.DEFAULT);
    }

    HttpEndpoint(String host, int port, WebConfig web, Supplier<String> metrics, Supplier<String> metricsOpenMetrics,
                 Supplier<Health> health, Function<Map<String, String>, String> diagnoses,
                 Supplier<String> unclassifiedJson, Timeouts timeouts) {
        // the pool's queue is unbounded, like Jetty's default (Jetty must not drop its own I/O tasks); it holds
        // at most a task or two per connection, and MAX_CONNECTIONS bounds those. Not Jetty's default queue
        // itself: its class asks the platform MBean server for the JVM's pointer size, which makes that server
        // (~300 JMX classes, tens of ms before the agent is ready) for a padding nobody here needs
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2, 60_000, 0, new LinkedBlockingQueue<>(), null);
        threads.setName("dockmedic-http");
        threads.setDaemon(true);
        ScheduledExecutorScheduler timer = new ScheduledExecutorScheduler("dockmedic-http-timer", true);
        // heap buffers (direct memory is capped at 8 MiB in jvm.options), at most 1 MiB kept pooled
        ArrayByteBufferPool buffers = new ArrayByteBufferPool(0, 1024, 65536, -1, 1 << 20, 1 << 20);
        server = new Server(threads, timer, buffers);
        server.setStopTimeout(0); // no graceful phase: the agent stops within 5 s in all

        HttpConnectionFactory http = httpFactory();
        ConnectionFactory[] factories;
        if (web.tls() != null) {
            factories = new ConnectionFactory[] {tlsFactory(web.tls(), http.getProtocol()), http};
            scheme = "https";
        } else {
            factories = new ConnectionFactory[] {http};
            scheme = "http";
        }
        // no acceptor thread: the one selector thread accepts
        connector = new ServerConnector(server, null, null, null, 0, 1, factories);
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(timeouts.idle().toMillis());
        connector.setAcceptQueueSize(64);
        ConnectionDeadlines deadlines = new ConnectionDeadlines(timer, timeouts.header(), timeouts.request(), timeouts.tick());
        connector.addBean(deadlines);
        server.addConnector(connector);
        NetworkConnectionLimit limit = new NetworkConnectionLimit(MAX_CONNECTIONS, connector);
        limit.setEndPointIdleTimeout(IDLE_AT_LIMIT.toMillis());
        server.addBean(limit);
        server.setErrorHandler(quietErrors());

        // without users no BasicAuth at all: its bcrypt and SecureRandom cost start-up time for nothing
        auth = web.authRequired() ? new BasicAuth(web.users(), BasicAuth.BCRYPT, BasicAuth.checkThread()) : null;
        Map<String, Route> routes = routes(metrics, metricsOpenMetrics, diagnoses, unclassifiedJson);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback done) {
                Callback callback = deadlines.bound(request, done);
                String path = request.getHttpURI().getPath();
                String method = request.getMethod();
                if (!"GET".equals(method) && !"HEAD".equals(method)) {
                    response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                    send(request, response, callback, new Reply(405, "text/plain; charset=utf-8", "method not allowed\n"));
                } else if ("/healthz".equals(path)) {
                    Health h = health.get();
                    send(request, response, callback, new Reply(h.ok() ? 200 : 503, "application/json", h.json()));
                } else {
                    Route route = routes.getOrDefault(path, (r, q) -> new Reply(404, "text/plain; charset=utf-8",
                            "not found: try /metrics, /healthz, /api/v1/diagnoses, /api/v1/unclassified\n"));
                    authorised(request, response, callback, route);
                }
                return true;
            }
        });
    }

    /** HTTP/1.1 without a server banner, with a bounded header, on heap buffers. */
    private static HttpConnectionFactory httpFactory() {
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        config.setRequestHeaderSize(MAX_HEADER_BYTES);
        config.setUseInputDirectByteBuffers(false);
        config.setUseOutputDirectByteBuffers(false);
        return new HttpConnectionFactory(config);
    }

    /** TLS 1.2/1.3 in front of {@code next}, no renegotiation, heap buffers. */
    private static SslConnectionFactory tlsFactory(javax.net.ssl.SSLContext context, String next) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(context);
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        tls.setRenegotiationAllowed(false);
        SslConnectionFactory ssl = new SslConnectionFactory(tls, next);
        ssl.setEnsureSecureRequestCustomizer(false); // no SNI host check: scrapers connect by IP address
        ssl.setDirectBuffersForEncryption(false);
        ssl.setDirectBuffersForDecryption(false);
        return ssl;
    }

    /** Errors as plain text without stacks, causes or messages. */
    private static ErrorHandler quietErrors() {
        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowCauses(false);
        errors.setShowMessageInTitle(false);
        errors.setDefaultResponseMimeType("text/plain");
        return errors;
    }

    /** The paths behind basic auth (when configured), each to its reply. */
    private static Map<String, Route> routes(Supplier<String> metrics, Supplier<String> metricsOpenMetrics,
                                             Function<Map<String, String>, String> diagnoses, Supplier<String> unclassifiedJson) {
        return Map.of(
                "/metrics", (request, query) -> {
                    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
                    boolean om = accept != null && accept.contains("application/openmetrics-text");
                    return new Reply(200, om ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                            : "text/plain; version=0.0.4; charset=utf-8", om ? metricsOpenMetrics.get() : metrics.get());
                },
                "/api/v1/diagnoses", (request, query) -> {
                    try {
                        return new Reply(200, "application/json", diagnoses.apply(query(query)));
                    } catch (IllegalArgumentException e) {
                        return new Reply(400, "text/plain; charset=utf-8", e.getMessage() + "\n");
                    }
                },
                "/api/v1/unclassified", (request, query) -> new Reply(200, "application/json", unclassifiedJson.get()));
    }

    record Health(boolean ok, String json) {
    }

    /**
     * Thrown by a route's supplier while the agent behind it is still starting (the server starts on its own
     * thread while the rest is built): answered 503, like /healthz then.
     */
    static final class NotReady extends RuntimeException {
        NotReady() {
            super("starting", null, false, false);
        }
    }

    private record Reply(int code, String type, String body) {
    }

    @FunctionalInterface
    private interface Route {
        Reply answer(Request request, String rawQuery);
    }

    /** Runs the route if basic auth is off or the credentials are accepted; 401 or 429 otherwise. */
    private void authorised(Request request, Response response, Callback callback, Route route) {
        if (auth == null) { // basic auth is off: no users configured
            answer(request, response, callback, route);
            return;
        }
        String[] credentials = credentials(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        if (credentials == null) {
            refuse(request, response, callback, BasicAuth.Outcome.DENIED);
            return;
        }
        Thread caller = Thread.currentThread();
        auth.check(credentials[0], credentials[1], outcome -> {
            Runnable next = outcome == BasicAuth.Outcome.ALLOWED ? () -> answer(request, response, callback, route)
                    : () -> refuse(request, response, callback, outcome);
            if (Thread.currentThread() == caller) {
                next.run();
            } else {
                request.getContext().execute(next); // off the bcrypt thread, back to the HTTP workers
            }
        });
    }

    private static void answer(Request request, Response response, Callback callback, Route route) {
        Reply reply;
        try {
            reply = route.answer(request, request.getHttpURI().getQuery());
        } catch (NotReady e) {
            reply = new Reply(503, "text/plain; charset=utf-8", "starting\n");
        } catch (RuntimeException e) {
            log.warn("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
            reply = new Reply(500, "text/plain; charset=utf-8", "internal error\n");
        }
        send(request, response, callback, reply);
    }

    /** 401 with the challenge, or 429 when the password checks are saturated; the connection is closed after either. */
    private static void refuse(Request request, Response response, Callback callback, BasicAuth.Outcome outcome) {
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE);
        if (outcome == BasicAuth.Outcome.BUSY) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            send(request, response, callback, new Reply(429, "text/plain; charset=utf-8", "too many password checks, retry\n"));
        } else {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, CHALLENGE);
            send(request, response, callback, new Reply(401, "text/plain; charset=utf-8", "unauthorized\n"));
        }
    }

    /** User and password of a Basic Authorization header (UTF-8), or null when absent or malformed. */
    static String[] credentials(String header) {
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
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

    /** Writes the reply (gzipped when large and the client accepts it); Jetty leaves the body out for HEAD. */
    private static void send(Request request, Response response, Callback callback, Reply reply) {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        String accept = request.getHeaders().get(HttpHeader.ACCEPT_ENCODING);
        if (bytes.length > GZIP_FROM && accept != null && accept.contains("gzip")) {
            bytes = gzip(bytes);
            response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
            response.getHeaders().put(HttpHeader.VARY, "Accept-Encoding");
        }
        response.setStatus(reply.code());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.type());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4);
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("gzip into memory failed", e);
        }
        return out.toByteArray();
    }

    /** Binds and starts serving; on failure (e.g. the port is taken) everything started is stopped again. */
    void start() throws IOException {
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw e instanceof IOException io ? io : new IOException("cannot start the HTTP server: " + e.getMessage(), e);
        }
    }

    int port() {
        return connector.getLocalPort();
    }

    /** "http" or "https". */
    String scheme() {
        return scheme;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("stopping the HTTP server: {}", e.toString());
        } finally {
            if (auth != null) {
                auth.close();
            }
        }
    }
}
