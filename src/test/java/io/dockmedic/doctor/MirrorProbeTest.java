package io.dockmedic.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.dockmedic.cli.Main;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doctor --online} against registry stand-ins on loopback (no other traffic): each mirror's
 * answer to {@code GET /v2/} becomes the finding with the troubleshooting page's fix, or none when it answers as a
 * registry should.
 */
class MirrorProbeTest {
    private final List<HttpServer> servers = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        release.countDown();
        servers.forEach(s -> s.stop(0));
    }

    private String serve(HttpHandler handler) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        s.createContext("/", handler);
        s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-registry-" + servers.size());
            t.setDaemon(true);
            return t;
        }));
        s.start();
        servers.add(s);
        return "http://127.0.0.1:" + s.getAddress().getPort();
    }

    private static HttpHandler status(int code, String challenge) {
        return ex -> {
            if (challenge != null) {
                ex.getResponseHeaders().add("WWW-Authenticate", challenge);
            }
            reply(ex, code);
        };
    }

    private static void reply(HttpExchange ex, int code) throws IOException {
        ex.sendResponseHeaders(code, -1);
        ex.close();
    }

    /** A registry whose /v2/ answers 401 with a Bearer challenge to its own /token, which answers tokenStatus. */
    private String bearerRegistry(int tokenStatus) throws IOException {
        String[] base = new String[1];
        base[0] = serve(ex -> {
            if (ex.getRequestURI().getPath().startsWith("/token")) {
                reply(ex, tokenStatus);
            } else {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + base[0] + "/token\",service=\"registry.test\"");
                reply(ex, 401);
            }
        });
        return base[0];
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void eachMirrorIsProbedAndProblemsCarryTheTroubleshootingFix() throws Exception {
        List<String> mirrors = List.of(
                serve(status(403, null)),
                bearerRegistry(401),
                serve(status(401, "Basic realm=\"mirror\"")),
                serve(status(429, null)),
                "http://127.0.0.1:" + closedPort(),
                serve(ex -> {
                    try {
                        release.await(); // never answers while the probe waits
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    reply(ex, 200);
                }),
                serve(status(200, null)),
                bearerRegistry(200));
        StringBuilder json = new StringBuilder("{\n  \"registry-mirrors\": [\n");
        for (int i = 0; i < mirrors.size(); i++) {
            json.append("    \"").append(mirrors.get(i)).append(i + 1 < mirrors.size() ? "\",\n" : "\"\n");
        }
        json.append("  ]\n}\n");
        Path daemon = Files.writeString(tmp.resolve("daemon.json"), json);

        Doctor.Result r = Doctor.run(new Doctor.Options(null, null, daemon, Map.of(), true, Duration.ofMillis(1500)));
        List<String> got = r.findings().stream().map(f -> f.id() + " :" + f.line()).sorted().toList();
        assertEquals(List.of(
                "registry-mirror-forbidden :3",
                "registry-mirror-rate-limited :6",
                "registry-mirror-unauthorized :4",
                "registry-mirror-unauthorized :5",
                "registry-mirror-unreachable :7",
                "registry-mirror-unreachable :8"), got, r.findings().toString());
        Finding forbidden = r.findings().stream().filter(f -> f.id().equals("registry-mirror-forbidden")).findFirst().orElseThrow();
        assertTrue(forbidden.remedy().zh().contains("删除或注释 `registry-mirrors` 配置"), forbidden.remedy().zh());
        assertTrue(forbidden.remedy().en().contains("docker compose --env-file .env.prod -f docker-compose.prod.yml build --no-cache"));
        Finding timeout = r.findings().stream().filter(f -> f.line() == 8).findFirst().orElseThrow();
        assertTrue(timeout.message().en().contains("timeout"), timeout.message().en());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) r.checked().get("mirrors");
        assertEquals(mirrors.size(), rows.size());
        assertTrue(String.valueOf(rows.get(6).get("probe")).startsWith("ok: HTTP 200"), rows.toString());
        assertTrue(String.valueOf(rows.get(7).get("probe")).startsWith("ok: HTTP 401"), rows.toString());
        assertTrue(r.problems());
    }

    @Test
    void offlineAConfiguredMirrorIsANoteAndDoesNotGate() throws Exception {
        Path daemon = Files.writeString(tmp.resolve("daemon.json"), "{\"registry-mirrors\": [\"https://4md1ddyr.mirror.aliyuncs.com\"]}\n");
        DoctorFixturesTest.Run run = DoctorFixturesTest.cli("doctor", "--daemon-config", daemon.toString(), "--format", "json");
        assertEquals(Main.OK, run.code(), run.out());
        assertTrue(run.out().contains("\"id\" : \"registry-mirror-configured\""), run.out());
        assertTrue(run.out().contains("\"probe\" : \"not probed (offline)\""), run.out());
    }

    @Test
    void onlineAForbiddenMirrorGatesTheDeploy() throws Exception {
        Path daemon = Files.writeString(tmp.resolve("daemon.json"), "{\"registry-mirrors\": [\"" + serve(status(403, null)) + "\"]}\n");
        DoctorFixturesTest.Run run = DoctorFixturesTest.cli("doctor", "--daemon-config", daemon.toString(), "--online", "--lang", "zh");
        assertEquals(Main.PROBLEMS_FOUND, run.code(), run.out());
        assertTrue(run.out().contains("[CRITICAL] registry-mirror-forbidden  " + daemon + ":1"), run.out());
        assertTrue(run.out().contains("对 /v2/ 返回 403 Forbidden（可能已失效、限流或需登录）"), run.out());
    }
}
