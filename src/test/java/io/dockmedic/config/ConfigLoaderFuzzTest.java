package io.dockmedic.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.fuzz.Fuzz;
import io.dockmedic.yaml.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the configuration: file text (mutations of the config fixtures), DOCKMEDIC_* environment
 * values, and durations. Each input is either a Config or a ConfigException whose every problem
 * names where it is; nothing else is ever thrown, and no input hangs.
 */
class ConfigLoaderFuzzTest {

    @Provide
    Arbitrary<String> configTexts() {
        return Fuzz.textLike(Fuzz.fixtures("config", n -> n.endsWith(".yml")));
    }

    @Property
    void aConfigFileIsLoadedOrEveryProblemIsNamed(@ForAll("configTexts") String text) throws Exception {
        Path file = Files.createTempFile("dm-fuzz-config", ".yml");
        try {
            Files.write(file, text.getBytes(StandardCharsets.UTF_8));
            Fuzz.bounded(text, () -> {
                try {
                    return ConfigLoader.load(file, Map.of());
                } catch (ConfigException e) {
                    assertFalse(e.problems().isEmpty(), "a ConfigException without problems");
                    for (Problem p : e.problems()) {
                        assertTrue(p.where() != null && p.where().startsWith(file.toString()),
                                "problem does not name the file: " + p + " for input " + Fuzz.quote(text));
                        assertFalse(p.reason() == null || p.reason().isBlank(), "problem without a reason: " + p);
                    }
                    return null;
                }
            });
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(Fuzz.textLike(List.of("1s", "127.0.0.1:9464", "unix:///var/run/docker.sock",
                "dry-run", "200", "/etc/dockmedic/rules.d,/x", "http://alertmanager:9093", "true")),
                Arbitraries.strings().all().ofMaxLength(60));
    }

    @Provide
    Arbitrary<String> envNames() {
        return Arbitraries.of("DOCKMEDIC_HTTP_LISTEN", "DOCKMEDIC_DOCKER_HOST", "DOCKMEDIC_WATCH_QUEUE_CAPACITY",
                "DOCKMEDIC_WATCH_RECONNECT_INITIAL", "DOCKMEDIC_WATCH_RECONNECT_MAX", "DOCKMEDIC_RULES_DIRS",
                "DOCKMEDIC_REMEDIATION_MODE", "DOCKMEDIC_EVIDENCE_LOG_LINES", "DOCKMEDIC_STATE_DIR",
                "DOCKMEDIC_WATCH_REFRESH_INTERVAL", "DOCKMEDIC_HTTP_WEB_CONFIG", "DOCKMEDIC_NO_SUCH_KEY", "DOCKMEDIC_");
    }

    @Property
    void anEnvironmentValueIsAcceptedOrNamed(@ForAll("envNames") String name, @ForAll("values") String value) throws Exception {
        Fuzz.bounded(name + "=" + value, () -> {
            try {
                return ConfigLoader.load(null, Map.of(name, value));
            } catch (ConfigException e) {
                assertFalse(e.problems().isEmpty());
                assertTrue(e.problems().stream().allMatch(p -> p.toString().contains("DOCKMEDIC_")),
                        "problems name the variable: " + e.problems());
                return null;
            }
        });
    }

    @Provide
    Arbitrary<String> webhookUrls() {
        // what a user pastes, with a token in it, then breaks: a typo in the scheme, a lost host, a space
        Arbitrary<String> token = Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9').ofLength(24);
        Arbitrary<String> broken = Arbitraries.of("htps://hooks.example/services/", "https:///services/", "https://hooks example/",
                "hooks.example/services/", "https://hooks.example:x/", "ftp://hooks.example/");
        return Arbitraries.oneOf(Combinators.combine(broken, token).as((b, t) -> b + "SECRET" + t),
                Fuzz.textLike(List.of("https://hooks.example/services/SECRETT000/B000/XXXXXXXXXXXXXXXXXXXXXXXX")));
    }

    /** A webhook URL carries its credential (Slack, Discord, ...): a bad one is named, never shown. */
    @Property
    void aBadWebhookUrlIsNeverShown(@ForAll("webhookUrls") String url) throws Exception {
        for (Map<String, String> env : List.of(Map.of("DOCKMEDIC_REMEDIATION_WEBHOOK_URL", url), Map.<String, String>of())) {
            Path file = Files.createTempFile("dm-fuzz-config", ".yml");
            try {
                if (env.isEmpty()) {
                    Files.write(file, ("remediation:\n  webhook_url: '" + url.replace("'", "''") + "'\n").getBytes(StandardCharsets.UTF_8));
                }
                try {
                    ConfigLoader.load(env.isEmpty() ? file : null, env);
                } catch (ConfigException e) {
                    int secret = url.indexOf("SECRET");
                    if (secret >= 0 && url.length() >= secret + 12) {
                        String part = url.substring(secret, secret + 12);
                        assertFalse(e.getMessage().contains(part), "the webhook URL's secret is shown: " + e.getMessage());
                    }
                }
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    @Property
    void aDurationIsParsedOrRejectedWithAReason(@ForAll("values") String text) throws Exception {
        Fuzz.bounded(text, () -> {
            try {
                java.time.Duration d = ConfigLoader.duration(text);
                assertFalse(d.isNegative(), "negative duration from " + Fuzz.quote(text));
            } catch (IllegalArgumentException e) {
                assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "no reason for " + Fuzz.quote(text));
            }
            return null;
        });
    }
}
