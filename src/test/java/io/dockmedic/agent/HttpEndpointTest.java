package io.dockmedic.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The endpoint on real loopback sockets: routes, methods, auth answers, and the deadlines with short timeouts. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpEndpointTest {
    /** Short, so the deadlines show in a unit test: idle 1.5 s, header 0.5 s, request 2 s. */
    private static final HttpEndpoint.Timeouts SHORT = new HttpEndpoint.Timeouts(Duration.ofMillis(1500),
            Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMillis(100));
    /** The same with an idle timeout longer than the test, so only the request deadline can cut a slow reader. */
    private static final HttpEndpoint.Timeouts LONG_IDLE = new HttpEndpoint.Timeouts(Duration.ofSeconds(60),
            SHORT.header(), SHORT.request(), SHORT.tick());
    /** Bounds for "was closed", far above the timeouts: a loaded machine must not fail them. */
    private static final long CLOSED_WITHIN_MS = 10_000;
    private static final String BIG = "x".repeat(10_000);

    @TempDir
    static Path dir;
    private static TestCerts certs;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certs = TestCerts.create(dir, "server", "EC");
    }

    private static HttpEndpoint endpoint(WebConfig web) throws IOException {
        HttpEndpoint http = new HttpEndpoint("127.0.0.1", 0, web, () -> BIG, () -> "# EOF\n",
                () -> new HttpEndpoint.Health(true, "{\"status\":\"ok\"}\n"), q -> q.toString(),
                () -> "[]", SHORT);
        http.start();
        return http;
    }

    @Test
    void routesMethodsAndCompression() throws Exception {
        try (HttpEndpoint http = endpoint(WebConfig.OFF)) {
            Answer health = request(http.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(200, health.code);
            assertEquals("{\"status\":\"ok\"}\n", health.body);
            Answer gz = request(http.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n");
            assertEquals(200, gz.code);
            assertEquals("gzip", gz.headers.get("content-encoding"));
            assertEquals(BIG, new String(new GZIPInputStream(new ByteArrayInputStream(gz.raw)).readAllBytes(), StandardCharsets.UTF_8));
            Answer head = request(http.port(), "HEAD /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(200, head.code);
            assertEquals("", head.body, "no body for HEAD");
            Answer post = request(http.port(), "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            assertEquals(405, post.code);
            assertEquals("GET, HEAD", post.headers.get("allow"));
            assertEquals(404, request(http.port(), "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").code);
            Answer twice = request(http.port(), "GET /api/v1/diagnoses?lang=en&lang=zh HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(400, twice.code);
            assertEquals("query parameter lang is given twice\n", twice.body);
        }
    }

    @Test
    void routesOfAnAgentStillStartingAnswer503() throws Exception {
        Supplier<String> starting = () -> {
            throw new HttpEndpoint.NotReady();
        };
        try (HttpEndpoint http = new HttpEndpoint("127.0.0.1", 0, WebConfig.OFF, starting, starting,
                () -> new HttpEndpoint.Health(false, "{\"status\":\"starting\"}\n"), q -> starting.get(), starting, SHORT)) {
            http.start();
            for (String path : new String[] {"/metrics", "/api/v1/diagnoses", "/api/v1/unclassified", "/healthz"}) {
                Answer a = request(http.port(), "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertEquals(503, a.code, path);
            }
        }
    }

    @Test
    void basicAuthAnswers() throws Exception {
        String hash = new String(BCrypt.with(BCrypt.Version.VERSION_2Y).hash(4, "pw".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.US_ASCII);
        WebConfig web = WebConfig.load(Files.writeString(dir.resolve("auth.yml"), "basic_auth_users:\n  p: " + hash + "\n"));
        try (HttpEndpoint http = endpoint(web)) {
            for (String auth : new String[] {"", "Authorization: Basic !!!\r\n", "Authorization: Bearer x\r\n",
                    "Authorization: Basic " + b64("p:wrong") + "\r\n", "Authorization: Basic " + b64("nobody:pw") + "\r\n"}) {
                Answer refused = request(http.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n");
                assertEquals(401, refused.code, auth);
                assertEquals("Basic realm=\"dockmedic\", charset=\"UTF-8\"", refused.headers.get("www-authenticate"));
                assertEquals("close", refused.headers.get("connection"), "a refused client's connection is closed");
            }
            assertEquals(200, request(http.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Basic " + b64("p:pw")
                    + "\r\nConnection: close\r\n\r\n").code);
            assertEquals(200, request(http.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").code,
                    "/healthz needs no credentials");
        }
    }

    @Test
    void aTrickledHeaderIsCutByTheHeaderDeadline() throws Exception {
        try (HttpEndpoint http = endpoint(WebConfig.OFF); Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", http.port()), 5000);
            s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            // a byte every 200 ms: never idle for the 1.5 s idle timeout, but never a complete header
            assertTrue(closedWhileTrickling(s, "a".repeat(100).getBytes(StandardCharsets.US_ASCII)), "closed by the server");
        }
    }

    @Test
    void aTrickledTlsHandshakeIsCutByTheHeaderDeadline() throws Exception {
        WebConfig web = WebConfig.load(Files.writeString(dir.resolve("tls.yml"),
                "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"));
        try (HttpEndpoint http = endpoint(web); Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", http.port()), 5000);
            byte[] hello = clientHello(certs.clientContext());
            s.getOutputStream().write(Arrays.copyOf(hello, hello.length / 2));
            assertTrue(closedWhileTrickling(s, Arrays.copyOfRange(hello, hello.length / 2, hello.length)), "closed by the server");
        }
    }

    @Test
    void aSlowReaderIsCutByTheRequestDeadline() throws Exception {
        String huge = "y".repeat(16 << 20);
        HttpEndpoint.Health ok = new HttpEndpoint.Health(true, "{}\n");
        try (HttpEndpoint http = new HttpEndpoint("127.0.0.1", 0, WebConfig.OFF, () -> huge, () -> huge, () -> ok,
                q -> "[]", () -> "[]", LONG_IDLE); Socket s = new Socket()) {
            http.start();
            s.setReceiveBufferSize(8192);
            s.connect(new InetSocketAddress("127.0.0.1", http.port()), 5000);
            s.setSoTimeout(1000);
            s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            // 8 KiB every 100 ms for 4 s: never idle, but 16 MiB would take minutes; the 2 s deadline cuts it
            // (the kernel still delivers what it had buffered, so then read the rest at full speed)
            long total = 0;
            byte[] buf = new byte[8192];
            long slowUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSED_WITHIN_MS);
            boolean closed = false;
            while (!closed && System.nanoTime() < deadline) {
                try {
                    int n = s.getInputStream().read(buf);
                    closed = n < 0;
                    total += Math.max(n, 0);
                    if (System.nanoTime() < slowUntil) {
                        Thread.sleep(100);
                    }
                } catch (SocketTimeoutException e) {
                    // nothing this time
                } catch (IOException e) {
                    closed = true;
                }
            }
            assertTrue(closed && total < huge.length(), "cut by the server after " + total + " bytes");
        }
    }

    @Test
    void aSilentConnectionIsCutByTheIdleTimeout() throws Exception {
        try (HttpEndpoint http = endpoint(WebConfig.OFF); Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", http.port()), 5000);
            s.setSoTimeout((int) CLOSED_WITHIN_MS);
            long t0 = System.nanoTime();
            assertEquals(-1, s.getInputStream().read(), "closed by the server");
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(1000), "not before the idle timeout");
        }
    }

    /** Sends the bytes one every 200 ms (then waits); true once the server has closed the connection. */
    private static boolean closedWhileTrickling(Socket s, byte[] bytes) throws IOException {
        s.setSoTimeout(200);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSED_WITHIN_MS);
        int i = 0;
        while (System.nanoTime() < deadline) {
            try {
                if (i < bytes.length) {
                    s.getOutputStream().write(bytes[i++]);
                    s.getOutputStream().flush();
                }
                if (s.getInputStream().read() < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                // still open: go on trickling
            } catch (IOException e) {
                return true; // reset by the server
            }
        }
        return false;
    }

    private static byte[] clientHello(SSLContext tls) throws IOException {
        SSLEngine engine = tls.createSSLEngine("127.0.0.1", 443);
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] hello = new byte[out.remaining()];
        out.get(hello);
        return hello;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private record Answer(int code, Map<String, String> headers, byte[] raw, String body) {
    }

    /** One raw request; reads the answer until the server closes (every request here ends with Connection: close). */
    private static Answer request(int port, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            String status = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "-1"));
            byte[] raw = request.startsWith("HEAD") ? new byte[0] : length >= 0 ? in.readNBytes(length) : in.readAllBytes();
            return new Answer(Integer.parseInt(status.split(" ")[1]), headers, raw, new String(raw, StandardCharsets.UTF_8));
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
