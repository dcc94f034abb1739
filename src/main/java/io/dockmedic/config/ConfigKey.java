package io.dockmedic.config;

import io.dockmedic.config.Config.Remediation.Mode;
import io.dockmedic.config.Config.Remediation.Scope;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Every setting: dotted key, built-in default as text, parser (of one item, for lists). */
enum ConfigKey {
    DOCKER_HOST("docker.host", "unix:///var/run/docker.sock", false, ValueParsers::dockerHost),
    TLS_CA("docker.tls.ca", "", false, ValueParsers::optionalPath),
    TLS_CERT("docker.tls.cert", "", false, ValueParsers::optionalPath),
    TLS_KEY("docker.tls.key", "", false, ValueParsers::optionalPath),
    ALLOW_PLAIN_TCP("docker.allow_plain_tcp", "false", false, ValueParsers::bool),
    ENGINE_NAME("docker.engine_name", "", false, ValueParsers::engineName),
    HTTP_LISTEN("http.listen", "0.0.0.0:9464", false, ValueParsers::listen),
    WEB_CONFIG("http.web_config", "", false, ValueParsers::optionalPath),
    LOG_LINES("evidence.log_lines", "200", false, ValueParsers.whole(1, 10_000)),
    PROBE_LINES("evidence.probe_lines", "5", false, ValueParsers.whole(0, 100)),
    RULES_DIRS("rules.dirs", "/etc/dockmedic/rules.d", true, ValueParsers::path),
    MODE("remediation.mode", "dry-run", false, ValueParsers.oneOf(Mode.values(), Mode::id)),
    SCOPE("remediation.scope", "labelled", false, ValueParsers.oneOf(Scope.values(), Scope::id)),
    PLAYBOOK_DIRS("remediation.playbook_dirs", "/etc/dockmedic/playbooks.d", true, ValueParsers::path),
    GRACE("remediation.grace_period", "30s", false, ValueParsers::duration),
    BUDGET("remediation.budget", "3", false, ValueParsers.whole(1, 100)),
    BUDGET_WINDOW("remediation.budget_window", "15m", false, ValueParsers::duration),
    BACKOFF_INITIAL("remediation.backoff_initial", "10s", false, ValueParsers::duration),
    BACKOFF_MAX("remediation.backoff_max", "5m", false, ValueParsers::duration),
    COOL_OFF("remediation.cool_off", "1h", false, ValueParsers::duration),
    MAX_CONCURRENT("remediation.max_concurrent", "2", false, ValueParsers.whole(1, 32)),
    PROJECT_LIMIT("remediation.project_limit", "5", false, ValueParsers.whole(1, 1000)),
    WEBHOOK_URL("remediation.webhook_url", "", false, ValueParsers::webhookUrl),
    QUEUE_CAPACITY("watch.queue_capacity", "4096", false, ValueParsers.whole(16, 1_000_000)),
    WORKERS("watch.workers", "16", false, ValueParsers.whole(1, 64)),
    RECONNECT_INITIAL("watch.reconnect_initial", "500ms", false, ValueParsers::duration),
    RECONNECT_MAX("watch.reconnect_max", "30s", false, ValueParsers::duration),
    REFRESH_INTERVAL("watch.refresh_interval", "30s", false, ValueParsers::duration),
    PROBE_HISTORY("watch.probe_history", "10", false, ValueParsers.whole(0, 100)),
    CRASH_LOOP_EXITS("watch.crash_loop_exits", "3", false, ValueParsers.whole(2, 100)),
    CRASH_LOOP_WINDOW("watch.crash_loop_window", "10m", false, ValueParsers::duration),
    FLAP_TRANSITIONS("watch.flap_transitions", "4", false, ValueParsers.whole(1, 1000)),
    FLAP_WINDOW("watch.flap_window", "10m", false, ValueParsers::duration),
    NOTIFY_ALERTMANAGER_URL("notify.alertmanager.url", "", false, ValueParsers::webhookUrl),
    NOTIFY_LANGUAGE("notify.language", "en", false,
            ValueParsers.oneOf(Config.Notify.Language.values(), Config.Notify.Language::id)),
    NOTIFY_GRAFANA_URL("notify.grafana_url", "", false, ValueParsers::webhookUrl),
    STATE_DIR("state_dir", "/var/lib/dockmedic", false, ValueParsers::path);

    static final String ENV_PREFIX = "DOCKMEDIC_";
    /** The engine's TLS files: all or none. */
    static final List<ConfigKey> TLS_KEYS = List.of(TLS_CA, TLS_CERT, TLS_KEY);

    final String path;
    final String defaultText;
    final boolean list;
    final Function<String, Object> parser;

    ConfigKey(String path, String defaultText, boolean list, Function<String, Object> parser) {
        this.path = path;
        this.defaultText = defaultText;
        this.list = list;
        this.parser = parser;
    }

    String envName() {
        return ENV_PREFIX + path.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** Env and override text as items: lists are comma-separated, blank means an empty list. */
    List<String> items(String text) {
        if (!list) {
            return List.of(text);
        }
        return text.isBlank() ? List.of() : Arrays.stream(text.split(",", -1)).map(String::trim).toList();
    }

    /** The key whose {@code name} is {@code wanted}, or null. */
    static ConfigKey find(Function<ConfigKey, String> name, String wanted) {
        return Arrays.stream(values()).filter(k -> name.apply(k).equals(wanted)).findFirst().orElse(null);
    }

    /** Every key's {@code name}, for an error message. */
    static String known(Function<ConfigKey, String> name) {
        return Stream.of(values()).map(name).collect(Collectors.joining(", "));
    }
}
