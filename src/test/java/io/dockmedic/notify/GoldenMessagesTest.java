package io.dockmedic.notify;

import static io.dockmedic.notify.Reports.dependencyDown;
import static io.dockmedic.notify.Reports.passwordRejected;
import static io.dockmedic.notify.Reports.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.dockmedic.config.NotifyTarget;
import io.dockmedic.rules.Lang;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each channel's request for each kind of message, against golden files in
 * {@code src/test/resources/notify/golden} (README quotes them). After a deliberate change, rewrite them
 * with {@code mvn test -Dtest=GoldenMessagesTest -Dgolden.update=true} and review the diff.
 */
class GoldenMessagesTest {
    private static final Path GOLDEN = Path.of("src/test/resources/notify/golden");
    private static final String TOKEN = "123456:TESTTOKEN";

    static List<Message> messages(Lang lang) {
        MessageText text = new MessageText(lang, Optional.of("https://grafana.example/d/dockmedic"));
        return List.of(
                text.diagnosis(report("db", "postgres", passwordRejected(), null), List.of("app", "worker", "nginx")),
                text.diagnosis(report("app", "app", dependencyDown(), null).withTimeline(Reports.failingProbes()), List.of()),
                text.resolved(report("db", "postgres", passwordRejected(), null), false),
                text.remediation(new RemediationEvent(RemediationEvent.Kind.FAILED, "shop-app-1", "shop", "app",
                        "postgres-password-auth-failed", "restart done, but app is still unhealthy after 60s")),
                text.remediation(new RemediationEvent(RemediationEvent.Kind.CIRCUIT_OPEN, "shop-app-1", "shop", "app",
                        "postgres-password-auth-failed", "3 restarts in 15m")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void messageTexts(String lang) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Message m : messages(Lang.pick(lang))) {
            sb.append("## ").append(m.kind().id()).append('\n').append(m.text()).append("\n\n");
        }
        check("messages-" + lang + ".txt", sb.toString());
    }

    @ParameterizedTest
    @EnumSource(value = NotifyTarget.Type.class, names = "EMAIL", mode = EnumSource.Mode.EXCLUDE)
    void channelRequests(NotifyTarget.Type type) throws IOException {
        URI url = URI.create(switch (type) {
            case NTFY -> "https://ntfy.example/dockmedic-alerts";
            case GOTIFY -> "https://gotify.example";
            case TELEGRAM -> "https://api.telegram.org";
            default -> "https://hooks.example/services/T0/B0/SECRET";
        });
        String template = type == NotifyTarget.Type.WEBHOOK
                ? "{\"msg\": \"{{title}}\", \"detail\": {\"why\": \"{{cause}}\", \"tags\": [\"{{severity}}\", \"{{kind}}\"]}}" : "";
        NotifyTarget target = new NotifyTarget("t", type, new NotifyTarget.Endpoint(Optional.of(url), Optional.empty(),
                type == NotifyTarget.Type.TELEGRAM ? "-1001234567890" : "", template), NotifyTarget.Filter.all(), 20);
        Channel channel = Channels.of(target, TOKEN);
        StringBuilder sb = new StringBuilder();
        for (Message m : messages(Lang.EN)) {
            Request r = channel.request(m);
            sb.append("## ").append(m.kind().id()).append('\n').append("POST ").append(r.uri()).append('\n');
            new TreeMap<>(r.headers()).forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
            sb.append('\n').append(r.body()).append("\n\n");
        }
        assertFalse(sb.toString().contains("hunter2"), "redacted");
        check("channel-" + type.id() + ".txt", sb.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"firing", "resolved"})
    void alertmanagerAlerts(String state) throws IOException {
        Alertmanager am = new Alertmanager(URI.create("http://alertmanager:9093"), Optional.empty());
        Alertmanager.Alert a = new Alertmanager.Alert(report("db", "postgres", passwordRejected(), null), Reports.T0);
        Request r = state.equals("firing") ? am.push(List.of(a), List.of(), Reports.T0.plusSeconds(60))
                : am.push(List.of(), List.of(a), Reports.T0.plusSeconds(600));
        assertFalse(r.body().contains("hunter2"), "redacted");
        check("alertmanager-" + state + ".txt", "POST " + r.uri() + "\n\n"
                + io.dockmedic.text.SafeJson.pretty(io.dockmedic.text.SafeJson.mapper().readTree(r.body())) + "\n");
    }

    /** A clearing within a second of the diagnosis ends at its start, never before (Alertmanager would refuse it). */
    @org.junit.jupiter.api.Test
    void aResolvedAlertNeverEndsBeforeItStarts() throws IOException {
        Alertmanager am = new Alertmanager(URI.create("http://alertmanager:9093"), Optional.empty());
        Alertmanager.Alert a = new Alertmanager.Alert(report("db", "postgres", passwordRejected(), null), Reports.T0);
        Request r = am.push(List.of(), List.of(a), Reports.T0.plusMillis(600));
        assertEquals(Reports.T0.toString(), io.dockmedic.text.SafeJson.mapper().readTree(r.body()).get(0).get("endsAt").asText());
    }

    /** README's "Notifications" shows real messages: each block it quotes is a golden one, word for word. */
    @org.junit.jupiter.api.Test
    void readmeQuotesTheGoldenMessages() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        String en = Files.readString(GOLDEN.resolve("messages-en.txt"), StandardCharsets.UTF_8);
        String zh = Files.readString(GOLDEN.resolve("messages-zh.txt"), StandardCharsets.UTF_8);
        List<String> quoted = List.of(block(en, 0), block(en, 2), block(en, 3), block(zh, 0));
        for (String b : quoted) {
            org.junit.jupiter.api.Assertions.assertTrue(readme.contains("```\n" + b + "\n```"), "README lacks:\n" + b);
        }
    }

    private static String block(String golden, int index) {
        return golden.split("## ")[index + 1].split("\n", 2)[1].strip();
    }

    private static void check(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, name);
    }

}
