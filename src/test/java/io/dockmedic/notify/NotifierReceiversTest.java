package io.dockmedic.notify;

import static io.dockmedic.notify.Reports.passwordRejected;
import static io.dockmedic.notify.Reports.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.dockmedic.config.Config;
import io.dockmedic.config.NotifyTarget;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every direct channel against a local HTTP receiver that checks the request its service documents:
 * method, path, headers and JSON fields; filters choose the targets; a diagnosis, its clearing and a
 * healing failure each make one message per target, counted.
 */
class NotifierReceiversTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the receiver saw it. */
    record Seen(String method, String path, Map<String, String> headers, JsonNode body) {
    }

    private HttpServer server;
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private final List<String> tally = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
            JsonNode body = JSON.readTree(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), headers, body));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static NotifyTarget target(String name, NotifyTarget.Type type, URI url, Path token, String chat,
                                       NotifyTarget.Filter filter) {
        return new NotifyTarget(name, type, new NotifyTarget.Endpoint(Optional.ofNullable(url), Optional.ofNullable(token),
                chat, type == NotifyTarget.Type.WEBHOOK ? "{\"event\":\"{{kind}}\",\"rule\":\"{{rule}}\",\"text\":\"{{title}}\"}" : ""),
                filter, 20);
    }

    private List<Seen> at(String path) {
        return seen.stream().filter(s -> s.path().equals(path)).toList();
    }

    @Test
    void eachChannelGetsTheRequestItsServiceDocuments(@TempDir Path dir) throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "AbC123_gotify\n");
        Path bot = Files.writeString(dir.resolve("bot"), "123456:TESTTOKEN\n");
        NotifyTarget.Filter onlyOther = new NotifyTarget.Filter(NotifyTarget.MinSeverity.INFO, Set.of(), Set.of("other"), Set.of());
        NotifyTarget.Filter onlyCritical = new NotifyTarget.Filter(NotifyTarget.MinSeverity.CRITICAL, Set.of("db-auth"),
                Set.of(), Set.of());
        Config.Notify config = new Config.Notify(Optional.empty(), Config.Notify.Language.EN, Optional.empty(), List.of(
                target("slack", NotifyTarget.Type.SLACK, url("/services/T0/B0/X"), null, "", onlyCritical),
                target("discord", NotifyTarget.Type.DISCORD, url("/api/webhooks/1/abc"), null, "", NotifyTarget.Filter.all()),
                target("ntfy", NotifyTarget.Type.NTFY, url("/dockmedic-alerts"), null, "", NotifyTarget.Filter.all()),
                target("gotify", NotifyTarget.Type.GOTIFY, url("/"), token, "", NotifyTarget.Filter.all()),
                target("telegram", NotifyTarget.Type.TELEGRAM, url("/"), bot, "-100123", NotifyTarget.Filter.all()),
                target("hook", NotifyTarget.Type.WEBHOOK, url("/hook"), null, "", NotifyTarget.Filter.all()),
                target("elsewhere", NotifyTarget.Type.SLACK, url("/never"), null, "", onlyOther)));
        Notifier n = Notifier.start(config, new Notifier.Timing(Duration.ZERO, Duration.ofHours(1), Duration.ofMinutes(1),
                        Duration.ofHours(1)), new TargetLane.Policy(2, Duration.ofMillis(1), 10), new HttpTransport(Duration.ofSeconds(10)),
                (t, o) -> tally.add(t + " " + o.id()), Clock.systemUTC());
        n.diagnosed("db", report("db", "postgres", passwordRejected(), null));
        n.diagnosed("db", report("db", "postgres", passwordRejected(), null)); // a refresh: nothing new
        n.cleared("db", false);
        n.remediation(new RemediationEvent(RemediationEvent.Kind.FAILED, "shop-app-1", "shop", "app", "r", "still unhealthy"));
        n.close(Duration.ofSeconds(20));

        assertTrue(seen.stream().allMatch(s -> s.method().equals("POST")), seen.toString());
        assertTrue(seen.stream().allMatch(s -> s.headers().get("Content-Type").startsWith("application/json")));
        assertEquals(List.of(), at("/never"), "filtered out by project");
        assertEquals(3, at("/services/T0/B0/X").size(), "slack: diagnosis, resolved, healing failed");
        assertTrue(at("/services/T0/B0/X").get(0).body().get("text").asText()
                .startsWith("[CRITICAL] shop/postgres: PostgreSQL rejects the password\n"));
        assertEquals(3, at("/api/webhooks/1/abc").size());
        assertTrue(at("/api/webhooks/1/abc").get(1).body().get("content").asText().startsWith("[RESOLVED] shop/postgres"));
        List<Seen> ntfy = at("/");
        assertEquals(3, ntfy.size(), "ntfy: JSON to the server's root");
        JsonNode first = ntfy.get(0).body();
        assertEquals("dockmedic-alerts", first.get("topic").asText());
        assertEquals(5, first.get("priority").asInt());
        assertTrue(first.get("title").asText().startsWith("[CRITICAL] shop/postgres"));
        assertTrue(first.get("message").asText().startsWith("The database refuses the password"));
        List<Seen> gotify = at("/message");
        assertEquals(3, gotify.size());
        assertEquals("AbC123_gotify", gotify.get(0).headers().get("X-Gotify-Key"));
        assertEquals(8, gotify.get(0).body().get("priority").asInt());
        List<Seen> telegram = at("/bot123456:TESTTOKEN/sendMessage");
        assertEquals(3, telegram.size());
        assertEquals("-100123", telegram.get(0).body().get("chat_id").asText());
        assertTrue(telegram.get(2).body().get("text").asText().startsWith("[HEALING FAILED] shop/app"));
        List<Seen> hook = at("/hook");
        assertEquals(List.of("diagnosis", "resolved", "healing_failed"),
                hook.stream().map(s -> s.body().get("event").asText()).toList());
        assertEquals("postgres-password-auth-failed", hook.get(0).body().get("rule").asText());
        assertFalse(seen.toString().contains("hunter2"), "evidence is redacted");
        assertEquals(18, tally.stream().filter(t -> t.endsWith(" sent")).count(), tally.toString());
        assertEquals(18, tally.size());
    }
}
