package io.dockmedic.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Loads and strictly validates a {@link Config}. Precedence, lowest first: built-in defaults (with
 * {@code DOCKER_HOST} as the default of {@code docker.host}), the YAML file, {@code DOCKMEDIC_<KEY>} env
 * vars (key upper-cased, '.' as '_'; lists comma-separated), then overrides by dotted key.
 *
 * <p>Every problem is collected before failing: unknown keys or env vars, wrong types, values out of
 * range. A problem names the file:line:column (or the env var) and the key, never the value given: a
 * value in the wrong place may be a password, and a webhook URL may hold credentials. They are ordered by position in the file, then by env var name, then by override key, then
 * checks that span two keys.
 *
 * <p>Each source has a class of its own ({@link YamlSettings}, {@link EnvSettings}, {@link OverrideSettings}), all
 * writing into {@link ConfigValues} (keys: {@link ConfigKey}, parsers: {@link ValueParsers}); then
 * {@link CrossKeyChecks}; this class only runs them in order and builds the {@link Config}.
 */
public final class ConfigLoader {
    private static final int MAX_SHOWN = 100;

    private ConfigLoader() {
    }

    /** Same as {@link #load(Path, Map, Map)} without overrides. */
    public static Config load(Path file, Map<String, String> env) throws ConfigException {
        return load(file, env, Map.of());
    }

    /**
     * Loads the configuration.
     *
     * @param file the YAML file, or null for none; given but missing or unreadable is a problem
     * @param env the environment, usually {@code System.getenv()}
     * @param overrides values by dotted key (e.g. {@code "http.listen" -> "127.0.0.1:0"}), beating all
     *     else and validated the same way; lists comma-separated
     * @throws ConfigException listing every problem found
     */
    public static Config load(Path file, Map<String, String> env, Map<String, String> overrides) throws ConfigException {
        ConfigValues values = new ConfigValues();
        if (file != null) {
            new YamlSettings(values).read(file);
        }
        new EnvSettings(values).read(env, overrides);
        new OverrideSettings(values).read(overrides);
        new CrossKeyChecks(values).check();
        if (!values.problems().isEmpty()) {
            throw new ConfigException(values.problems());
        }
        return build(values);
    }

    static Config builtInDefaults() {
        return build(new ConfigValues());
    }

    private static Config.Docker docker(ConfigValues v) {
        Optional<Path> ca = v.get(ConfigKey.TLS_CA);
        Optional<Config.Docker.Tls> tls = ca.map(c -> new Config.Docker.Tls(c,
                v.<Optional<Path>>get(ConfigKey.TLS_CERT).orElseThrow(), v.<Optional<Path>>get(ConfigKey.TLS_KEY).orElseThrow()));
        return new Config.Docker(v.get(ConfigKey.DOCKER_HOST), tls, v.get(ConfigKey.ALLOW_PLAIN_TCP),
                v.get(ConfigKey.ENGINE_NAME));
    }

    private static Config build(ConfigValues v) {
        return new Config(
                docker(v),
                v.<Config.Http>get(ConfigKey.HTTP_LISTEN).withWebConfig(v.get(ConfigKey.WEB_CONFIG)),
                new Config.Evidence(v.<Integer>get(ConfigKey.LOG_LINES), v.<Integer>get(ConfigKey.PROBE_LINES)),
                new Config.Rules(v.get(ConfigKey.RULES_DIRS)),
                new Config.Remediation(v.get(ConfigKey.MODE), v.get(ConfigKey.SCOPE), v.get(ConfigKey.PLAYBOOK_DIRS),
                        v.get(ConfigKey.GRACE), v.<Integer>get(ConfigKey.BUDGET), v.get(ConfigKey.BUDGET_WINDOW),
                        v.get(ConfigKey.BACKOFF_INITIAL), v.get(ConfigKey.BACKOFF_MAX), v.get(ConfigKey.COOL_OFF),
                        v.<Integer>get(ConfigKey.MAX_CONCURRENT), v.<Integer>get(ConfigKey.PROJECT_LIMIT),
                        v.get(ConfigKey.WEBHOOK_URL)),
                new Config.Watch(v.<Integer>get(ConfigKey.QUEUE_CAPACITY), v.<Integer>get(ConfigKey.WORKERS),
                        v.get(ConfigKey.RECONNECT_INITIAL), v.get(ConfigKey.RECONNECT_MAX), v.get(ConfigKey.REFRESH_INTERVAL),
                        new Config.Patterns(v.<Integer>get(ConfigKey.PROBE_HISTORY), v.<Integer>get(ConfigKey.CRASH_LOOP_EXITS),
                                v.get(ConfigKey.CRASH_LOOP_WINDOW), v.<Integer>get(ConfigKey.FLAP_TRANSITIONS),
                                v.get(ConfigKey.FLAP_WINDOW))),
                v.get(ConfigKey.STATE_DIR),
                new Config.Notify(v.get(ConfigKey.NOTIFY_ALERTMANAGER_URL), v.get(ConfigKey.NOTIFY_LANGUAGE),
                        v.get(ConfigKey.NOTIFY_GRAFANA_URL), v.notifyTargets()));
    }

    /** A value fit to print in quotes on one line: escaped and shortened. */
    static String safe(String text) {
        StringBuilder sb = new StringBuilder();
        text.codePoints().limit(MAX_SHOWN).forEach(c -> {
            int type = Character.getType(c);
            if (c == '"' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (Character.isISOControl(c) || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return text.codePointCount(0, text.length()) > MAX_SHOWN ? sb + "..." : sb.toString();
    }

    /** A duration as in {@link io.dockmedic.yaml.Scalars#duration}, failing with an {@link IllegalArgumentException}. */
    public static Duration duration(String text) {
        return ValueParsers.duration(text);
    }

    /** An http(s) URL as in {@link io.dockmedic.yaml.Scalars#httpUrl}, failing with an {@link IllegalArgumentException}. */
    public static URI httpUrl(String text) {
        return ValueParsers.httpUrl(text);
    }
}
