package io.dockmedic.config;

import io.dockmedic.config.Config.Remediation.Mode;
import io.dockmedic.config.Config.Remediation.Scope;
import io.dockmedic.yaml.Problem;
import io.dockmedic.yaml.Scalars;
import io.dockmedic.yaml.YamlSource;
import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads and strictly validates a {@link Config}. Precedence, lowest first: built-in defaults (with
 * {@code DOCKER_HOST} as the default of {@code docker.host}), the YAML file, {@code DOCKMEDIC_<KEY>} env
 * vars (key upper-cased, '.' as '_'; lists comma-separated), then overrides by dotted key.
 *
 * <p>Every problem is collected before failing: unknown keys or env vars, wrong types, values out of
 * range. A problem names the file:line:column (or the env var) and the key, never the value given: a
 * value in the wrong place may be a password, and a webhook URL may hold credentials. They are ordered by position in the file, then by env var name, then by override key, then
 * checks that span two keys.
 */
public final class ConfigLoader {
    /** {@code DOCKMEDIC_*} env vars used by scripts, not settings. */
    private static final Set<String> RESERVED_ENV = Set.of("DOCKMEDIC_CONFIG", "DOCKMEDIC_JAVA_OPTS", "DOCKMEDIC_LANG");
    private static final String ENV_PREFIX = "DOCKMEDIC_";
    private static final Pattern WHOLE = Pattern.compile("-?\\d+");
    private static final Pattern LISTEN = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^\\s:\\[\\]/]+):(\\d{1,5})");
    private static final Pattern DOCKER_HOST = Pattern.compile("(unix|tcp)://\\S.*");
    /** A label value that needs no escaping and stays short: the engine's name on every series. */
    private static final Pattern ENGINE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,62}");
    private static final List<Key> TLS_KEYS = List.of(Key.TLS_CA, Key.TLS_CERT, Key.TLS_KEY);
    private static final int MAX_SHOWN = 100;

    /** Every setting: dotted key, built-in default as text, parser (of one item, for lists). */
    private enum Key {
        DOCKER_HOST("docker.host", "unix:///var/run/docker.sock", false, ConfigLoader::dockerHost),
        TLS_CA("docker.tls.ca", "", false, ConfigLoader::optionalPath),
        TLS_CERT("docker.tls.cert", "", false, ConfigLoader::optionalPath),
        TLS_KEY("docker.tls.key", "", false, ConfigLoader::optionalPath),
        ALLOW_PLAIN_TCP("docker.allow_plain_tcp", "false", false, ConfigLoader::bool),
        ENGINE_NAME("docker.engine_name", "", false, ConfigLoader::engineName),
        HTTP_LISTEN("http.listen", "0.0.0.0:9464", false, ConfigLoader::listen),
        WEB_CONFIG("http.web_config", "", false, ConfigLoader::optionalPath),
        LOG_LINES("evidence.log_lines", "200", false, whole(1, 10_000)),
        PROBE_LINES("evidence.probe_lines", "5", false, whole(0, 100)),
        RULES_DIRS("rules.dirs", "/etc/dockmedic/rules.d", true, ConfigLoader::path),
        MODE("remediation.mode", "dry-run", false, oneOf(Mode.values(), Mode::id)),
        SCOPE("remediation.scope", "labelled", false, oneOf(Scope.values(), Scope::id)),
        PLAYBOOK_DIRS("remediation.playbook_dirs", "/etc/dockmedic/playbooks.d", true, ConfigLoader::path),
        GRACE("remediation.grace_period", "30s", false, ConfigLoader::duration),
        BUDGET("remediation.budget", "3", false, whole(1, 100)),
        BUDGET_WINDOW("remediation.budget_window", "15m", false, ConfigLoader::duration),
        BACKOFF_INITIAL("remediation.backoff_initial", "10s", false, ConfigLoader::duration),
        BACKOFF_MAX("remediation.backoff_max", "5m", false, ConfigLoader::duration),
        COOL_OFF("remediation.cool_off", "1h", false, ConfigLoader::duration),
        MAX_CONCURRENT("remediation.max_concurrent", "2", false, whole(1, 32)),
        PROJECT_LIMIT("remediation.project_limit", "5", false, whole(1, 1000)),
        WEBHOOK_URL("remediation.webhook_url", "", false, ConfigLoader::webhookUrl),
        QUEUE_CAPACITY("watch.queue_capacity", "4096", false, whole(16, 1_000_000)),
        WORKERS("watch.workers", "16", false, whole(1, 64)),
        RECONNECT_INITIAL("watch.reconnect_initial", "500ms", false, ConfigLoader::duration),
        RECONNECT_MAX("watch.reconnect_max", "30s", false, ConfigLoader::duration),
        REFRESH_INTERVAL("watch.refresh_interval", "30s", false, ConfigLoader::duration),
        PROBE_HISTORY("watch.probe_history", "10", false, whole(0, 100)),
        CRASH_LOOP_EXITS("watch.crash_loop_exits", "3", false, whole(2, 100)),
        CRASH_LOOP_WINDOW("watch.crash_loop_window", "10m", false, ConfigLoader::duration),
        FLAP_TRANSITIONS("watch.flap_transitions", "4", false, whole(1, 1000)),
        FLAP_WINDOW("watch.flap_window", "10m", false, ConfigLoader::duration),
        NOTIFY_ALERTMANAGER_URL("notify.alertmanager.url", "", false, ConfigLoader::webhookUrl),
        NOTIFY_LANGUAGE("notify.language", "en", false, oneOf(Config.Notify.Language.values(), Config.Notify.Language::id)),
        NOTIFY_GRAFANA_URL("notify.grafana_url", "", false, ConfigLoader::webhookUrl),
        STATE_DIR("state_dir", "/var/lib/dockmedic", false, ConfigLoader::path);

        final String path;
        final String defaultText;
        final boolean list;
        final Function<String, Object> parser;

        Key(String path, String defaultText, boolean list, Function<String, Object> parser) {
            this.path = path;
            this.defaultText = defaultText;
            this.list = list;
            this.parser = parser;
        }

        String envName() {
            return ENV_PREFIX + path.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
        }

        /** Env and override text as items: lists are comma-separated, blank means an empty list. */
        List<String> items(String text) {
            if (!list) {
                return List.of(text);
            }
            return text.isBlank() ? List.of() : Arrays.stream(text.split(",", -1)).map(String::trim).toList();
        }

        static Key find(Function<Key, String> name, String wanted) {
            return Arrays.stream(values()).filter(k -> name.apply(k).equals(wanted)).findFirst().orElse(null);
        }
    }

    /** One value as given, and where. */
    private record Given(String where, String text) {
    }

    /** A value is invalid; the message is the reason. Cheap: no stack trace. */
    private static final class Invalid extends IllegalArgumentException {
        Invalid(String reason) {
            super(reason);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private final Map<Key, Object> values = new EnumMap<>(Key.class);
    private final Map<Key, Given> origins = new EnumMap<>(Key.class);
    private final Set<Key> failed = EnumSet.noneOf(Key.class);
    private final List<Problem> problems = new ArrayList<>();
    private List<NotifyTarget> notifyTargets = List.of();

    private ConfigLoader() {
        for (Key key : Key.values()) {
            List<Object> items = key.items(key.defaultText).stream().map(key.parser).toList();
            values.put(key, key.list ? items : items.get(0));
        }
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
        ConfigLoader loader = new ConfigLoader();
        if (file != null) {
            loader.readFile(file);
        }
        loader.readEnv(env, overrides);
        loader.readOverrides(overrides);
        loader.checkOrder(Key.RECONNECT_INITIAL, Key.RECONNECT_MAX);
        loader.checkOrder(Key.BACKOFF_INITIAL, Key.BACKOFF_MAX);
        loader.checkEngine();
        if (!loader.problems.isEmpty()) {
            throw new ConfigException(loader.problems);
        }
        return loader.build();
    }

    static Config builtInDefaults() {
        return new ConfigLoader().build();
    }

    private void readFile(Path file) {
        YamlSource src = YamlSource.open(file);
        src.root().ifPresent(root -> section(src, root, ""));
        problems.addAll(src.problemsInDocumentOrder());
    }

    /** Visits a mapping of settings; an empty (null) section means all its defaults. */
    private void section(YamlSource src, Node node, String prefix) {
        if (YamlSource.isNull(node)) {
            return;
        }
        Set<String> known = new LinkedHashSet<>();
        for (Key key : Key.values()) {
            if (prefix.isEmpty() || key.path.startsWith(prefix + ".")) {
                known.add(key.path.substring(prefix.isEmpty() ? 0 : prefix.length() + 1).split("\\.")[0]);
            }
        }
        if (NotifyTargets.PATH.startsWith(prefix + ".")) {
            known.add("targets"); // a list of mappings, read by NotifyTargets
        }
        src.mapping(node, prefix, known).forEach((name, value) -> {
            String path = prefix.isEmpty() ? name : prefix + "." + name;
            Key key = Key.find(k -> k.path, path);
            if (path.equals(NotifyTargets.PATH)) {
                notifyTargets = NotifyTargets.read(src, value);
            } else if (key == null) {
                section(src, value, path);
            } else {
                leaf(src, key, value);
            }
        });
    }

    private void leaf(YamlSource src, Key key, Node node) {
        int before = src.problems().size();
        List<Given> items = new ArrayList<>();
        for (Node item : key.list ? src.sequence(node, key.path, true) : List.of(node)) {
            if (YamlSource.isNull(item)) {
                src.problem(item, key.path, null, "must have a value");
                continue;
            }
            String text = src.scalar(item, key.path);
            if (text != null) {
                items.add(new Given(src.where(item), text));
            }
        }
        String text = items.stream().map(Given::text).collect(Collectors.joining(","));
        assign(key, new Given(src.where(node), text), items, src.problems().size() == before, src.problems());
    }

    private void readEnv(Map<String, String> env, Map<String, String> overrides) {
        new TreeMap<>(env).forEach((name, text) -> {
            String where = "env " + name;
            if (name.equals("DOCKER_HOST")) {
                boolean setElsewhere = origins.containsKey(Key.DOCKER_HOST) || failed.contains(Key.DOCKER_HOST)
                        || env.containsKey(Key.DOCKER_HOST.envName()) || overrides.containsKey(Key.DOCKER_HOST.path);
                if (!text.isEmpty() && !setElsewhere) {
                    assignText(Key.DOCKER_HOST, where, text);
                }
            } else if (name.equals("DOCKER_TLS_VERIFY")) {
                tlsFromDockerEnv(env, overrides);
            } else if (name.startsWith(ENV_PREFIX) && !RESERVED_ENV.contains(name)) {
                Key key = Key.find(Key::envName, name);
                if (key == null) {
                    problems.add(new Problem(where, "", null, "is not a known setting (known: " + known(Key::envName) + ")"));
                } else {
                    assignText(key, where, text);
                }
            }
        });
    }

    /**
     * {@code DOCKER_TLS_VERIFY} (any non-empty value, as the docker CLI reads it) makes
     * {@code DOCKER_CERT_PATH} (default {@code ~/.docker}) {@code /ca.pem}, {@code /cert.pem} and
     * {@code /key.pem} the defaults of {@code docker.tls.*}, like {@code DOCKER_HOST} for {@code docker.host}.
     */
    private void tlsFromDockerEnv(Map<String, String> env, Map<String, String> overrides) {
        if (env.getOrDefault("DOCKER_TLS_VERIFY", "").isEmpty()) {
            return;
        }
        boolean setElsewhere = TLS_KEYS.stream().anyMatch(k -> origins.containsKey(k) || failed.contains(k)
                || env.containsKey(k.envName()) || overrides.containsKey(k.path));
        if (setElsewhere) {
            return;
        }
        String dir = env.getOrDefault("DOCKER_CERT_PATH", "");
        String where = "env DOCKER_CERT_PATH";
        if (dir.isEmpty()) {
            dir = env.getOrDefault("HOME", System.getProperty("user.home")) + "/.docker";
            where = "env DOCKER_TLS_VERIFY";
        }
        assignText(Key.TLS_CA, where, dir + "/ca.pem");
        assignText(Key.TLS_CERT, where, dir + "/cert.pem");
        assignText(Key.TLS_KEY, where, dir + "/key.pem");
    }

    private void readOverrides(Map<String, String> overrides) {
        new TreeMap<>(overrides).forEach((path, text) -> {
            Key key = Key.find(k -> k.path, path);
            if (key == null) {
                problems.add(new Problem("override", safe(path), null, "is not a known key (known: " + known(k -> k.path) + ")"));
            } else {
                assignText(key, "override", text);
            }
        });
    }

    private void assignText(Key key, String where, String text) {
        List<Given> items = key.items(text).stream().map(item -> new Given(where, item)).toList();
        assign(key, new Given(where, text), items, true, problems);
    }

    /** Parses every item, reporting each bad one; only a fully valid value replaces the current one. */
    private void assign(Key key, Given given, List<Given> items, boolean complete, List<Problem> sink) {
        List<Object> parsed = new ArrayList<>();
        for (Given item : items) {
            try {
                parsed.add(key.parser.apply(item.text()));
            } catch (Invalid e) {
                sink.add(new Problem(item.where(), key.path, null, e.getMessage())); // never the value: it may be a secret
                complete = false;
            }
        }
        if (complete) {
            values.put(key, key.list ? List.copyOf(parsed) : parsed.get(0));
            origins.put(key, given);
            failed.remove(key);
        } else {
            failed.add(key);
        }
    }

    /** A maximum duration must not be below its initial one; blames max if it was set, else initial. */
    private void checkOrder(Key initialKey, Key maxKey) {
        if (failed.contains(initialKey) || failed.contains(maxKey)
                || this.<Duration>get(maxKey).compareTo(get(initialKey)) >= 0) {
            return;
        }
        Given max = origins.getOrDefault(maxKey, new Given("", maxKey.defaultText));
        Given initial = origins.getOrDefault(initialKey, new Given("", initialKey.defaultText));
        if (origins.containsKey(maxKey)) {
            problems.add(new Problem(max.where(), maxKey.path, max.text(),
                    "is less than " + initialKey.path + " (" + initial.text() + ")"));
        } else {
            problems.add(new Problem(initial.where(), initialKey.path, initial.text(),
                    "is more than " + maxKey.path + " (" + max.text() + ")"));
        }
    }

    /**
     * The engine connection as a whole: TLS files all or none, for tcp only, each a readable regular
     * file (named by key and path, never read here: their contents are secrets), and no plain tcp unless
     * {@code docker.allow_plain_tcp} says so: the engine's API is root on its host for anyone who reaches it.
     */
    private void checkEngine() {
        if (TLS_KEYS.stream().anyMatch(failed::contains) || failed.contains(Key.DOCKER_HOST)) {
            return;
        }
        List<Key> set = TLS_KEYS.stream().filter(k -> this.<Optional<Path>>get(k).isPresent()).toList();
        boolean tcp = this.<String>get(Key.DOCKER_HOST).startsWith("tcp://");
        Given host = origins.getOrDefault(Key.DOCKER_HOST, new Given("", Key.DOCKER_HOST.defaultText));
        if (!set.isEmpty() && set.size() < TLS_KEYS.size()) {
            for (Key missing : TLS_KEYS) {
                if (!set.contains(missing)) {
                    problems.add(new Problem(origins.get(set.get(0)).where(), missing.path, null,
                            "must be set together with " + set.stream().map(k -> k.path).collect(Collectors.joining(" and "))));
                }
            }
            return;
        }
        if (!set.isEmpty() && !tcp) {
            problems.add(new Problem(origins.get(Key.TLS_CA).where(), "docker.tls", null,
                    "applies to a tcp:// docker.host only (" + Key.DOCKER_HOST.path + " is not tcp://)"));
            return;
        }
        if (set.isEmpty() && tcp && !this.<Boolean>get(Key.ALLOW_PLAIN_TCP)) {
            problems.add(new Problem(host.where(), Key.DOCKER_HOST.path, null,
                    "is plain tcp:// without docker.tls (ca, cert, key): anyone who reaches the port controls the engine; "
                            + "set docker.tls, or docker.allow_plain_tcp: true to accept that"));
        }
        for (Key k : set) {
            String unreadable = unreadable(this.<Optional<Path>>get(k).get());
            if (unreadable != null) {
                problems.add(new Problem(origins.get(k).where(), k.path, safe(this.<Optional<Path>>get(k).get().toString()), unreadable));
            }
        }
    }

    /** Why a file cannot be used, or null when it is a readable regular file. */
    private static String unreadable(Path file) {
        if (!java.nio.file.Files.exists(file)) {
            return "cannot be read: no such file";
        }
        if (!java.nio.file.Files.isRegularFile(file)) {
            return "is not a regular file";
        }
        return java.nio.file.Files.isReadable(file) ? null : "cannot be read: permission denied";
    }

    private Config.Docker docker() {
        Optional<Path> ca = get(Key.TLS_CA);
        Optional<Config.Docker.Tls> tls = ca.map(c -> new Config.Docker.Tls(c,
                this.<Optional<Path>>get(Key.TLS_CERT).orElseThrow(), this.<Optional<Path>>get(Key.TLS_KEY).orElseThrow()));
        return new Config.Docker(get(Key.DOCKER_HOST), tls, get(Key.ALLOW_PLAIN_TCP), get(Key.ENGINE_NAME));
    }

    private Config build() {
        return new Config(
                docker(),
                this.<Config.Http>get(Key.HTTP_LISTEN).withWebConfig(get(Key.WEB_CONFIG)),
                new Config.Evidence(this.<Integer>get(Key.LOG_LINES), this.<Integer>get(Key.PROBE_LINES)),
                new Config.Rules(get(Key.RULES_DIRS)),
                new Config.Remediation(get(Key.MODE), get(Key.SCOPE), get(Key.PLAYBOOK_DIRS), get(Key.GRACE),
                        this.<Integer>get(Key.BUDGET), get(Key.BUDGET_WINDOW), get(Key.BACKOFF_INITIAL),
                        get(Key.BACKOFF_MAX), get(Key.COOL_OFF), this.<Integer>get(Key.MAX_CONCURRENT),
                        this.<Integer>get(Key.PROJECT_LIMIT), get(Key.WEBHOOK_URL)),
                new Config.Watch(this.<Integer>get(Key.QUEUE_CAPACITY), this.<Integer>get(Key.WORKERS),
                        get(Key.RECONNECT_INITIAL), get(Key.RECONNECT_MAX), get(Key.REFRESH_INTERVAL),
                        new Config.Patterns(this.<Integer>get(Key.PROBE_HISTORY), this.<Integer>get(Key.CRASH_LOOP_EXITS),
                                get(Key.CRASH_LOOP_WINDOW), this.<Integer>get(Key.FLAP_TRANSITIONS),
                                get(Key.FLAP_WINDOW))),
                get(Key.STATE_DIR),
                new Config.Notify(get(Key.NOTIFY_ALERTMANAGER_URL), get(Key.NOTIFY_LANGUAGE), get(Key.NOTIFY_GRAFANA_URL),
                        notifyTargets));
    }

    @SuppressWarnings("unchecked")
    private <T> T get(Key key) {
        return (T) values.get(key);
    }

    private static String known(Function<Key, String> name) {
        return Stream.of(Key.values()).map(name).collect(Collectors.joining(", "));
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

    // ---- parsers: return the value or throw Invalid with a reason naming what is allowed ----

    private static String dockerHost(String text) {
        if (!DOCKER_HOST.matcher(text).matches()) {
            throw new Invalid("is not a unix:// or tcp:// address");
        }
        return text;
    }

    private static boolean bool(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new Invalid("is not true or false");
        };
    }

    private static String engineName(String text) {
        if (!text.isEmpty() && !ENGINE_NAME.matcher(text).matches()) {
            throw new Invalid("is not a name of at most 63 letters, digits, '.', '_', ':' or '-'");
        }
        return text;
    }

    private static Config.Http listen(String text) {
        Matcher m = LISTEN.matcher(text);
        if (!m.matches() || Integer.parseInt(m.group(2)) > 65_535) {
            throw new Invalid("is not HOST:PORT with a port 0..65535");
        }
        String host = m.group(1);
        return new Config.Http(host.startsWith("[") ? host.substring(1, host.length() - 1) : host,
                Integer.parseInt(m.group(2)));
    }

    private static Function<String, Object> whole(int min, int max) {
        return text -> {
            if (!WHOLE.matcher(text).matches()) {
                throw new Invalid("is not a whole number");
            }
            BigInteger n = new BigInteger(text);
            if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
                throw new Invalid("is not between " + min + " and " + max);
            }
            return n.intValueExact();
        };
    }

    private static <E> Function<String, Object> oneOf(E[] choices, Function<E, String> id) {
        return text -> Arrays.stream(choices).filter(c -> id.apply(c).equals(text)).findFirst()
                .orElseThrow(() -> new Invalid("is not one of: "
                        + Arrays.stream(choices).map(id).collect(Collectors.joining(", "))));
    }

    /** A duration as in {@link Scalars#duration}, failing with this loader's {@link Invalid}. */
    public static Duration duration(String text) {
        try {
            return Scalars.duration(text);
        } catch (Scalars.Invalid e) {
            throw new Invalid(e.getMessage());
        }
    }

    /** A path, or empty (the feature is off) for an empty text. */
    private static Optional<Path> optionalPath(String text) {
        return text.isEmpty() ? Optional.empty() : Optional.of(path(text));
    }

    /** An http(s) URL, or empty for none (then the value is an empty Optional). */
    private static java.util.Optional<java.net.URI> webhookUrl(String text) {
        return text.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(httpUrl(text));
    }

    /** An http(s) URL as in {@link Scalars#httpUrl}, failing with this loader's {@link Invalid}. */
    public static java.net.URI httpUrl(String text) {
        try {
            return Scalars.httpUrl(text);
        } catch (Scalars.Invalid e) {
            throw new Invalid(e.getMessage());
        }
    }

    private static Path path(String text) {
        if (text.isEmpty()) {
            throw new Invalid("must not be empty");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new Invalid("is not a valid path");
        }
    }
}
