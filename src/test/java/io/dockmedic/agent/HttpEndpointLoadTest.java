package io.dockmedic.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint under abuse, on real loopback sockets: 50 connections that send half a request (half a
 * header block, or half a TLS ClientHello) and wait, and 200 requests with wrong passwords in flight;
 * /healthz and an authorised /metrics must still answer within 1 s, over HTTP and over TLS.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HttpEndpointLoadTest {
    private static final String USER = "prometheus";
    private static final String PASSWORD = "scrape-secret";
    private static final int HALF_SENT = 50;
    private static final int BAD_PASSWORDS = 200;
    private static final long ANSWER_WITHIN_MS = 1000;

    @TempDir
    static Path dir;
    private static TestCerts certs;
    private static String hash;
    private final ConcurrentLinkedQueue<Socket> open = new ConcurrentLinkedQueue<>();
    private ExecutorService clients;

    @BeforeAll
    static void setUp() throws Exception {
        certs = TestCerts.create(dir, "server", "EC");
        hash = new String(BCrypt.with(BCrypt.Version.VERSION_2Y).hash(10, PASSWORD.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.US_ASCII);
    }

    @AfterEach
    void closeSockets() {
        if (clients != null) {
            clients.shutdownNow();
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    @Test
    void plainHttpStaysResponsive() throws Exception {
        Path web = Files.writeString(dir.resolve("web-http.yml"), "basic_auth_users:\n  " + USER + ": " + hash + "\n");
        underAbuse(WebConfig.load(web), null);
    }

    @Test
    void tlsStaysResponsive() throws Exception {
        Path web = Files.writeString(dir.resolve("web-tls.yml"), "tls_server_config:\n  cert_file: server.crt\n"
                + "  key_file: server.key\nbasic_auth_users:\n  " + USER + ": " + hash + "\n");
        underAbuse(WebConfig.load(web), certs.clientContext());
    }

    private void underAbuse(WebConfig web, SSLContext tls) throws Exception {
        try (HttpEndpoint http = new HttpEndpoint("127.0.0.1", 0, web, () -> "dockmedic_build_info 1\n",
                () -> "dockmedic_build_info 1\n# EOF\n", () -> new HttpEndpoint.Health(true, "{\"status\":\"ok\"}\n"),
                q -> "{}", () -> "[]")) {
            http.start();
            int port = http.port();
            assertEquals(200, status(port, tls, "/metrics", USER + ":" + PASSWORD, 15_000), "a first authorised scrape");

            clients = Executors.newFixedThreadPool(16);
            byte[] halfRequest = tls == null
                    ? "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic ".getBytes(StandardCharsets.US_ASCII)
                    : halfClientHello(tls);
            for (int i = 0; i < HALF_SENT; i++) {
                Socket s = keep(new Socket());
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.getOutputStream().write(halfRequest);
                s.getOutputStream().flush();
            }

            List<Socket> bad = new ArrayList<>();
            CountDownLatch sent = new CountDownLatch(BAD_PASSWORDS);
            AtomicInteger sendFailures = new AtomicInteger();
            for (int i = 0; i < BAD_PASSWORDS; i++) {
                String credentials = USER + ":wrong-" + i;
                clients.execute(() -> {
                    try {
                        Socket s = connect(port, tls, 10_000);
                        synchronized (bad) {
                            bad.add(s);
                        }
                        s.getOutputStream().write(request("/metrics", credentials));
                        s.getOutputStream().flush();
                    } catch (IOException e) {
                        sendFailures.incrementAndGet();
                    } finally {
                        sent.countDown();
                    }
                });
            }
            boolean allSent = sent.await(20, TimeUnit.SECONDS);

            long t0 = System.nanoTime();
            int health = status(port, tls, "/healthz", null, ANSWER_WITHIN_MS);
            long healthMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            long t1 = System.nanoTime();
            int metrics = status(port, tls, "/metrics", USER + ":" + PASSWORD, ANSWER_WITHIN_MS);
            long metricsMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);
            assertEquals(200, health, "/healthz with half-sent requests open and wrong passwords in flight");
            assertTrue(healthMs <= ANSWER_WITHIN_MS, "/healthz took " + healthMs + " ms");
            assertEquals(200, metrics, "authorised /metrics with half-sent requests open and wrong passwords in flight");
            assertTrue(metricsMs <= ANSWER_WITHIN_MS, "/metrics took " + metricsMs + " ms");
            assertTrue(allSent, "the wrong-password requests were sent");
            assertEquals(0, sendFailures.get(), "every wrong-password request could be sent");

            // every wrong password is refused: 401 after its bcrypt check, or 429 when the checks are saturated
            List<Integer> codes = new ArrayList<>();
            synchronized (bad) {
                for (Socket s : bad) {
                    s.setSoTimeout(10_000);
                    codes.add(statusLine(s.getInputStream()));
                }
            }
            assertTrue(codes.stream().allMatch(c -> c == 401 || c == 429), "wrong passwords answered " + codes);
            assertTrue(codes.contains(401), "some wrong passwords were checked: " + codes);
        }
    }

    private Socket keep(Socket s) {
        open.add(s);
        return s;
    }

    private Socket connect(int port, SSLContext tls, int timeoutMs) throws IOException {
        Socket s = keep(new Socket());
        s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
        s.setSoTimeout(timeoutMs);
        if (tls == null) {
            return s;
        }
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, "127.0.0.1", port, true);
        keep(ssl);
        ssl.startHandshake();
        return ssl;
    }

    /** The status code of one request on a new connection (connect, handshake and answer within the time); -1 for none. */
    private int status(int port, SSLContext tls, String path, String credentials, long timeoutMs) {
        try (Socket s = connect(port, tls, (int) timeoutMs)) {
            s.getOutputStream().write(request(path, credentials));
            s.getOutputStream().flush();
            return statusLine(s.getInputStream());
        } catch (IOException e) {
            return -1;
        }
    }

    private static byte[] request(String path, String credentials) {
        String auth = credentials == null ? ""
                : "Authorization: Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)) + "\r\n";
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static int statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        String[] parts = line.toString().split(" ");
        return parts.length > 1 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
    }

    /** The first half of a real ClientHello, as a client that stalls mid-handshake sends it. */
    private static byte[] halfClientHello(SSLContext tls) throws IOException {
        SSLEngine engine = tls.createSSLEngine("127.0.0.1", 443);
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] hello = new byte[out.remaining()];
        out.get(hello);
        return Arrays.copyOf(hello, hello.length / 2);
    }
}
