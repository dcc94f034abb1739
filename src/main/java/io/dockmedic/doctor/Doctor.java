package io.dockmedic.doctor;

import io.dockmedic.compose.ComposeFile;
import io.dockmedic.compose.ComposeProject;
import io.dockmedic.text.Redactor;
import io.dockmedic.rules.Severity;
import io.dockmedic.rules.Text;
import io.dockmedic.yaml.Problem;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The preflight of a compose deployment, offline: an env file, a compose file and a Docker daemon
 * configuration are read the way Compose and dockerd read them and checked for the mistakes that
 * make {@code compose up} fail or a service turn unhealthy (see {@code /doctor/findings.yml} for
 * every finding). Secrets are compared in memory only; every text that leaves is also passed
 * through a {@link Redactor} that knows the values read.
 */
public final class Doctor {
    private static final String DASHSCOPE = "DASHSCOPE_API_KEY";
    private static final Pattern API_KEY_NAME = Pattern.compile("[A-Z0-9_]*API_?KEY");
    private static final Pattern PLACEHOLDER = Pattern.compile("(?i)(?:<[^>]*>|\\[[^\\]]*]|x{3,}|\\*{3,}|\\.{3}|"
            + "change[-_ ]?me|change[-_ ]?this|replace[-_ ]?me|placeholder|todo|tbd|none|null|dummy|example|test|"
            + "sk-(?:x+|\\.\\.\\.|\\*+|your.*)|your[-_ ].*|.*your[-_]?(?:api[-_]?)?key.*|.*[-_]here|xxx.*)");
    /** file, file:line or file:line:column of a {@link Problem}. */
    private static final Pattern WHERE = Pattern.compile("(.*?)(?::(\\d+))?(?::\\d+)?");
    private static final Pattern PASS_THROUGH = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?][^}]*)?}|([A-Za-z_][A-Za-z0-9_]*))");
    private static final Set<String> DB_IMAGES = Set.of("postgres", "redis", "mysql", "mariadb", "mongo", "rabbitmq");

    /**
     * What to check; any file may be null.
     *
     * @param shell        the shell environment Compose would see (overrides the env file, as in Compose)
     * @param online       probe each registry mirror over the network
     * @param probeTimeout timeout of one probe request
     */
    public record Options(Path envFile, Path composeFile, Path daemonConfig, Map<String, String> shell,
                          boolean online, Duration probeTimeout) {
    }

    /**
     * Findings (most severe first) and what was checked.
     *
     * @param checked files, services, variables and mirrors looked at (names and counts only)
     */
    public record Result(List<Finding> findings, Map<String, Object> checked) {
        /** True when a critical or warning finding should stop a deploy. */
        public boolean problems() {
            return findings.stream().anyMatch(Finding::problem);
        }
    }

    /** A variable as a service receives it, with where it is defined. Never prints its value. */
    private record Var(String name, String value, String file, int line) {
        String where() {
            return line > 0 ? file + ":" + line : file;
        }

        @Override
        public String toString() {
            return name + " (" + where() + ")";
        }
    }

    private final Options options;
    private final Map<String, Finding> findings = new LinkedHashMap<>();
    private final Map<String, String> secrets = new HashMap<>();
    private final Map<String, Object> checked = new LinkedHashMap<>();
    private final Map<Path, EnvFile> envFiles = new HashMap<>();
    private EnvFile env;
    private String envName = "the shell environment";
    private ComposeFile compose;
    private final Map<String, Map<String, Var>> serviceEnv = new LinkedHashMap<>();
    private final Set<String> composeRefs = new TreeSet<>();

    private Doctor(Options options) {
        this.options = options;
    }

    /**
     * Runs every check that the given files allow.
     *
     * @throws IOException when a given file cannot be read (a usage error for the CLI)
     */
    public static Result run(Options options) throws IOException {
        return new Doctor(options).check();
    }

    private Result check() throws IOException {
        Path envPath = options.envFile();
        if (envPath == null && options.composeFile() != null) {
            Path dflt = directory(options.composeFile()).resolve(".env");
            envPath = Files.isRegularFile(dflt) ? dflt : null; // Compose reads .env of the project directory
        }
        if (envPath != null) {
            env = envFile(envPath);
            envName = envPath.toString();
            checked.put("env_file", envName);
            checked.put("env_file_variables", env.entries().size());
        }
        if (options.composeFile() != null) {
            compose = ComposeFile.parse(options.composeFile().toString(), read(options.composeFile()));
            checked.put("compose_file", compose.file());
            problems("compose-file-invalid", compose.problems());
            if (!compose.problems().isEmpty()) {
                compose = null; // what it says cannot be trusted: check the env file alone
            } else {
                checkInterpolation();
                collectServiceEnv();
                checked.put("services", List.copyOf(compose.services().keySet()));
                // what `docker compose up` starts without --profile: the count `docker compose ps` should show
                checked.put("expected_services", List.copyOf(ComposeProject.merge(List.of(compose)).expected(List.of()).keySet()));
                checked.put("variables_referenced", List.copyOf(composeRefs));
                checkDependencies();
            }
        }
        if (env != null || compose != null) {
            checkUrls();
            checkApiKeys();
        }
        if (options.daemonConfig() != null) {
            checkDaemon(DaemonConfig.parse(options.daemonConfig().toString(), read(options.daemonConfig())));
        }
        List<Finding> out = new ArrayList<>();
        Redactor redactor = Redactor.forEnv(secrets);
        for (Finding f : findings.values()) {
            out.add(new Finding(f.id(), f.severity(), f.file(), f.line(), redact(redactor, f.message()), redact(redactor, f.remedy())));
        }
        out.sort(Finding.ORDER);
        return new Result(List.copyOf(out), checked);
    }

    private static Text redact(Redactor r, Text t) {
        return new Text(r.redact(t.en()), r.redact(t.zh()));
    }

    private static Path directory(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(file + ": is not UTF-8 text", e);
        }
    }

    private EnvFile envFile(Path path) throws IOException {
        Path key = path.toAbsolutePath().normalize();
        EnvFile f = envFiles.get(key);
        if (f == null) {
            f = EnvFile.parse(path.toString(), read(path), options.shell()::get);
            envFiles.put(key, f);
            problems("env-file-invalid", f.problems());
            for (EnvFile.Entry e : f.entries().values()) {
                if (e.value() != null) {
                    secrets.put(f.file() + "#" + e.name(), e.value());
                }
            }
        }
        return f;
    }

    private void add(Finding f) {
        findings.putIfAbsent(f.id() + "@" + f.where() + "@" + f.message().en(), f);
    }

    private void problems(String id, List<Problem> problems) {
        for (Problem p : problems) {
            java.util.regex.Matcher m = WHERE.matcher(p.where());
            m.matches();
            String text = (p.property() == null || p.property().isEmpty() ? "" : p.property() + " ") + p.reason();
            add(FindingTexts.finding(id, m.group(1), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
                    "file", p.where(), "problem", text));
        }
    }

    // ------------------------------------------------------------------ the project environment

    /** A variable as Compose interpolates it: the shell wins over the env file. */
    private String project(String name) {
        String v = options.shell().get(name);
        if (v != null) {
            return v;
        }
        EnvFile.Entry e = env == null ? null : env.entries().get(name);
        return e == null ? null : e.value();
    }

    private Var projectVar(String name) {
        String shell = options.shell().get(name);
        if (shell != null) {
            return new Var(name, shell, "shell environment", 0);
        }
        EnvFile.Entry e = env == null ? null : env.entries().get(name);
        return e == null ? new Var(name, null, envName, 0) : new Var(name, e.value(), env.file(), e.line());
    }

    private void checkInterpolation() {
        for (ComposeFile.Value v : compose.values()) {
            try {
                Interpolation.resolve(v.text(), this::project, ref -> {
                    composeRefs.add(ref.name());
                    if (ref.missing() && !DASHSCOPE.equals(ref.name())) {
                        boolean required = ref.kind() == Interpolation.Kind.REQUIRED_NON_EMPTY || ref.kind() == Interpolation.Kind.REQUIRED_SET;
                        String error = ref.error().isEmpty() ? "${" + ref.name() + ":?}" : "\"" + ref.error() + "\"";
                        add(FindingTexts.finding("env-var-missing", compose.file(), v.line(), "var", ref.name(),
                                "compose", compose.file(), "envfile", envName,
                                "how", required ? "; it is required (" + error + "), so Compose refuses to start" : "; Compose will use an empty string",
                                "how@zh", required ? "；它是必填的（" + error + "），Compose 将拒绝启动" : "；Compose 将使用空字符串"));
                    }
                });
            } catch (Interpolation.InvalidException e) {
                add(FindingTexts.finding("interpolation-invalid", compose.file(), v.line(),
                        "where", compose.file() + ":" + v.line(), "problem", "invalid interpolation format ${...}",
                        "problem@zh", "变量引用格式无效 ${...}"));
            }
        }
    }

    /** What each service receives: its env_file entries, overridden by its environment entries. */
    private void collectServiceEnv() throws IOException {
        Path dir = directory(options.composeFile());
        for (ComposeFile.Service s : compose.services().values()) {
            Map<String, Var> vars = new LinkedHashMap<>();
            for (ComposeFile.EnvFileRef ref : s.envFiles()) {
                String path = resolveQuietly(ref.path());
                Path p = dir.resolve(path);
                if (!Files.isRegularFile(p)) {
                    if (ref.required()) {
                        add(FindingTexts.finding("env-file-missing", compose.file(), ref.line(), "service", s.name(), "path", path));
                    }
                    continue;
                }
                EnvFile f = envFile(relative(p)); // the --env-file itself when it is the same file
                for (EnvFile.Entry e : f.entries().values()) {
                    vars.put(e.name(), new Var(e.name(), e.value(), f.file(), e.line()));
                }
            }
            for (ComposeFile.EnvDef d : s.environment()) {
                Var v = d.value() == null ? projectVar(d.name()) : composeVar(d);
                if (d.value() != null && !d.value().contains("$")) {
                    secrets.put(compose.file() + "#" + s.name() + "#" + d.name(), d.value());
                }
                vars.put(d.name(), v);
            }
            serviceEnv.put(s.name(), vars);
        }
    }

    /**
     * An environment entry with a value: a plain pass-through of a set project variable
     * ({@code ${NAME}}, {@code ${NAME:?err}}, ...) is attributed to where that variable is defined,
     * so one mistake in the env file is one finding however many services pass it on.
     */
    private Var composeVar(ComposeFile.EnvDef d) {
        java.util.regex.Matcher m = PASS_THROUGH.matcher(d.value().strip());
        if (m.matches()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            Var source = projectVar(name);
            if (source.value() != null) {
                return new Var(d.name(), source.value(), source.file(), source.line());
            }
        }
        return new Var(d.name(), resolveQuietly(d.value()), compose.file(), d.line());
    }

    private static Path relative(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs) : abs;
    }

    private String resolveQuietly(String raw) {
        try {
            return Interpolation.resolve(raw, this::project, r -> { });
        } catch (Interpolation.InvalidException e) {
            return raw; // reported by checkInterpolation
        }
    }

    // ------------------------------------------------------------------ database and cache URLs

    /** Every variable each service receives; without a compose file, the env file as one pseudo service. */
    private Map<String, Map<String, Var>> receivers() {
        if (compose != null) {
            return serviceEnv;
        }
        Map<String, Var> vars = new LinkedHashMap<>();
        for (EnvFile.Entry e : env.entries().values()) {
            vars.put(e.name(), projectVar(e.name()));
        }
        return Map.of("", vars);
    }

    private void checkUrls() {
        for (Map.Entry<String, Map<String, Var>> svc : receivers().entrySet()) {
            ComposeFile.Service service = compose == null ? null : compose.services().get(svc.getKey());
            for (Var v : svc.getValue().values()) {
                Optional<String> kind = ServiceUrl.kind(v.value());
                if (kind.isEmpty()) {
                    continue;
                }
                boolean redis = kind.get().equals("redis");
                ServiceUrl url;
                try {
                    url = ServiceUrl.parse(v.value());
                } catch (IllegalArgumentException e) {
                    if (!redis) {
                        add(FindingTexts.finding("database-url-invalid", v.file(), v.line(), "var", v.name(), "where", v.where(), "problem", e.getMessage()));
                    }
                    continue;
                }
                if (url.password() != null) {
                    secrets.put(v.where() + "#url", url.password());
                }
                String prefix = redis ? "redis-url-" : "database-url-";
                String suggest = suggestion(kind.get(), url);
                if (url.loopback() && (service == null || !"host".equals(service.networkMode()))) {
                    add(FindingTexts.finding(prefix + "localhost", v.file(), v.line(), "var", v.name(), "where", v.where(),
                            "host", url.host(), "suggest", suggest));
                } else if (compose != null && url.bareName() && serviceAnswering(url.host()) == null) {
                    add(FindingTexts.finding(prefix + "unknown-host", v.file(), v.line(), "var", v.name(), "where", v.where(),
                            "host", url.host(), "compose", compose.file(), "names", String.join(", ", compose.services().keySet()),
                            "suggest", suggest));
                }
                if (kind.get().equals("postgres")) {
                    comparePostgres(v, url);
                }
            }
        }
    }

    private ComposeFile.Service serviceAnswering(String host) {
        for (ComposeFile.Service s : compose.services().values()) {
            if (s.names().stream().anyMatch(n -> n.equalsIgnoreCase(host))) {
                return s;
            }
        }
        return null;
    }

    /** ": redis://redis:6379/0"-style hint with the service that looks like the target, or "". */
    private String suggestion(String kind, ServiceUrl url) {
        if (compose == null) {
            return "";
        }
        for (ComposeFile.Service s : compose.services().values()) {
            String image = s.image() == null ? "" : s.image().toLowerCase(java.util.Locale.ROOT);
            if (image.contains(kind) || s.name().toLowerCase(java.util.Locale.ROOT).contains(kind)) {
                return " (here: '" + s.name() + "', e.g. " + url.toString().replace(url.host(), s.name()) + ")";
            }
        }
        return "";
    }

    private void comparePostgres(Var url, ServiceUrl parsed) {
        Map<String, Var> target;
        String targetName;
        if (compose == null) {
            target = receivers().get("");
            targetName = envName;
        } else {
            ComposeFile.Service s = parsed.loopback() ? onlyPostgres() : serviceAnswering(parsed.host());
            if (s == null) {
                return;
            }
            target = serviceEnv.get(s.name());
            targetName = s.name();
        }
        Var password = target.get("POSTGRES_PASSWORD");
        if (password == null || password.value() == null || target.containsKey("POSTGRES_PASSWORD_FILE")) {
            return;
        }
        if (parsed.password() != null && !Objects.equals(parsed.password(), password.value())) {
            add(FindingTexts.finding("postgres-password-mismatch", url.file(), url.line(), "var", url.name(), "where", url.where(),
                    "service", targetName, "other", password.where()));
        }
        Var user = target.get("POSTGRES_USER");
        String expected = user == null || user.value() == null || user.value().isEmpty() ? "postgres" : user.value();
        if (!parsed.user().isEmpty() && !parsed.user().equals(expected)) {
            add(FindingTexts.finding("postgres-user-mismatch", url.file(), url.line(), "var", url.name(), "where", url.where(),
                    "user", parsed.user(), "expected", expected, "service", targetName,
                    "other", user == null ? "not set" : user.where()));
        }
    }

    private ComposeFile.Service onlyPostgres() {
        List<ComposeFile.Service> pg = compose.services().values().stream()
                .filter(s -> serviceEnv.get(s.name()).containsKey("POSTGRES_PASSWORD")).toList();
        return pg.size() == 1 ? pg.get(0) : null;
    }

    // ------------------------------------------------------------------ API keys

    private static boolean placeholder(String value) {
        return PLACEHOLDER.matcher(value.strip()).matches();
    }

    private void checkApiKeys() {
        if (compose != null) {
            List<Var> received = serviceEnv.values().stream().map(m -> m.get(DASHSCOPE)).filter(Objects::nonNull).toList();
            Var own = projectVar(DASHSCOPE);
            if (received.isEmpty() && env != null && env.entries().containsKey(DASHSCOPE) && own.value() != null && !own.value().isBlank()) {
                add(FindingTexts.finding("dashscope-api-key-not-passed", own.file(), own.line(), "where", own.where(), "compose", compose.file()));
            }
            for (Map.Entry<String, Map<String, Var>> svc : serviceEnv.entrySet()) {
                Var v = svc.getValue().get(DASHSCOPE);
                if (v != null) {
                    boolean unset = v.file().equals(compose.file());
                    dashscope(v, "service '" + svc.getKey() + "' gets " + (v.value() == null ? "no value" : "an empty value")
                            + " from " + v.where() + (unset ? ", " + envName + " does not set it" : ""),
                            "服务 '" + svc.getKey() + "' 从 " + v.where() + " 得到的是空值" + (unset ? "，" + envName + " 中没有设置" : ""));
                }
            }
        } else {
            Var v = projectVar(DASHSCOPE);
            if (env.entries().containsKey(DASHSCOPE)) {
                dashscope(v, v.where() + " has an empty value", v.where() + " 中的值为空");
            }
        }
        for (Map<String, Var> vars : receivers().values()) {
            for (Var v : vars.values()) {
                if (!DASHSCOPE.equals(v.name()) && API_KEY_NAME.matcher(v.name()).matches() && v.value() != null && placeholder(v.value())) {
                    add(FindingTexts.finding("api-key-placeholder", v.file(), v.line(), "var", v.name(), "where", v.where()));
                }
            }
        }
        if (env != null) {
            for (EnvFile.Entry e : env.entries().values()) {
                if (!DASHSCOPE.equals(e.name()) && API_KEY_NAME.matcher(e.name()).matches() && e.value() != null && placeholder(e.value())) {
                    add(FindingTexts.finding("api-key-placeholder", env.file(), e.line(), "var", e.name(), "where", env.file() + ":" + e.line()));
                }
            }
        }
    }

    private void dashscope(Var v, String emptyDetail, String emptyDetailZh) {
        if (v.value() == null || v.value().isBlank()) {
            add(FindingTexts.finding("dashscope-api-key-missing", v.file(), v.line(), "detail", emptyDetail, "detail@zh", emptyDetailZh));
        } else if (placeholder(v.value())) {
            add(FindingTexts.finding("dashscope-api-key-placeholder", v.file(), v.line(), "where", v.where()));
        }
    }

    // ------------------------------------------------------------------ depends_on and healthchecks

    private void checkDependencies() {
        String names = String.join(", ", compose.services().keySet());
        for (ComposeFile.Service s : compose.services().values()) {
            for (ComposeFile.Dependency d : s.dependsOn()) {
                ComposeFile.Service dep = compose.services().get(d.service());
                if (dep == null) {
                    add(FindingTexts.finding("depends-on-unknown-service", compose.file(), d.line(), "service", s.name(),
                            "dep", d.service(), "compose", compose.file(), "names", names));
                } else if (dep.healthcheck() > 0 && "service_started".equals(d.condition())) {
                    add(FindingTexts.finding("depends-on-without-health-condition", compose.file(), d.line(), "service", s.name(), "dep", dep.name()));
                } else if (dep.healthcheck() == 0 && (d.healthy() || dbImage(dep))) {
                    checkWaitedOn(s, d, dep);
                }
            }
        }
    }

    private void checkWaitedOn(ComposeFile.Service s, ComposeFile.Dependency d, ComposeFile.Service dep) {
        boolean imageHealthcheck = false;
        String image = "";
        String imageZh = "";
        if (dep.buildContext() != null) {
            Path dockerfile = directory(options.composeFile()).resolve(dep.buildContext())
                    .resolve(dep.dockerfile() == null ? "Dockerfile" : dep.dockerfile());
            try {
                imageHealthcheck = Files.isRegularFile(dockerfile) && Pattern.compile("(?im)^\\s*HEALTHCHECK\\s+(?!NONE)")
                        .matcher(Files.readString(dockerfile, StandardCharsets.UTF_8)).find();
                image = " or in its Dockerfile";
                imageZh = "，其 Dockerfile 中也没有";
            } catch (IOException e) {
                image = "";
            }
        } else if (dep.image() != null && !dbImage(dep)) {
            image = " (its image " + dep.image() + " may define a HEALTHCHECK)";
            imageZh = "（其镜像 " + dep.image() + " 可能自带 HEALTHCHECK）";
        }
        if (imageHealthcheck) {
            return;
        }
        boolean sure = dep.buildContext() != null || dbImage(dep);
        Severity severity = d.healthy() && sure ? Severity.CRITICAL : Severity.WARNING;
        String how = d.healthy() ? " with condition: service_healthy" + (sure ? " (Compose fails: dependency has no healthcheck)" : "") : "";
        String howZh = d.healthy() ? "（condition: service_healthy" + (sure ? "，Compose 会报错：dependency has no healthcheck" : "") + "）" : "";
        add(FindingTexts.finding("waited-on-without-healthcheck", severity, compose.file(), d.line(), "service", s.name(),
                "dep", dep.name(), "how", how, "how@zh", howZh, "compose", compose.file(), "image", image, "image@zh", imageZh));
    }

    /** An official database/cache image, which has no HEALTHCHECK of its own. */
    private static boolean dbImage(ComposeFile.Service s) {
        if (s.image() == null) {
            return false;
        }
        String name = s.image().replaceFirst("^(?:docker\\.io/)?(?:library/)?", "").replaceFirst("[:@].*$", "");
        return DB_IMAGES.contains(name);
    }

    // ------------------------------------------------------------------ daemon.json

    private void checkDaemon(DaemonConfig daemon) {
        checked.put("daemon_config", daemon.file());
        problems("daemon-config-invalid", daemon.problems());
        List<Map<String, Object>> mirrors = new ArrayList<>();
        try (MirrorProbe probe = options.online() ? new MirrorProbe(options.probeTimeout()) : null) {
            for (DaemonConfig.Mirror m : daemon.mirrors()) {
                String shown = Redactor.generic().redact(m.url());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("mirror", shown);
                row.put("line", m.line());
                mirrors.add(row);
                String invalid = invalidMirror(m.url());
                if (invalid != null) {
                    add(FindingTexts.finding("registry-mirror-invalid", daemon.file(), m.line(), "mirror", shown, "problem", invalid));
                    row.put("probe", "not probed: invalid");
                    continue;
                }
                if (probe == null) {
                    add(FindingTexts.finding("registry-mirror-configured", daemon.file(), m.line(), "mirror", shown, "file", daemon.file()));
                    row.put("probe", "not probed (offline)");
                    continue;
                }
                MirrorProbe.Outcome o = probe.probe(m.url());
                row.put("probe", o.finding() == null ? "ok: " + o.detail() : o.detail());
                if (o.finding() != null) {
                    add(FindingTexts.finding(o.finding(), daemon.file(), m.line(), "mirror", shown, "detail", o.detail(), "detail@zh", o.detailZh(),
                            "problem", o.detail(), "problem@zh", o.detailZh()));
                }
            }
        }
        checked.put("mirrors", mirrors);
        checked.put("online", options.online());
    }

    /** Why dockerd would reject this mirror, or null when it is a valid mirror URL. */
    private static String invalidMirror(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return "not a URL";
        }
        if (u.getScheme() == null || !(u.getScheme().equals("https") || u.getScheme().equals("http"))) {
            return "it must start with https:// or http://";
        }
        if (u.getHost() == null) {
            return "it names no host";
        }
        if (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/")) {
            return "it must not have a path";
        }
        return null;
    }

    /** Names of every finding id with texts (for tests and docs). */
    public static Set<String> findingIds() {
        return new LinkedHashSet<>(FindingTexts.ids());
    }
}
