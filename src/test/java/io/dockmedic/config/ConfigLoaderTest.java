package io.dockmedic.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.config.Config.Remediation.Mode;
import io.dockmedic.config.Config.Remediation.Scope;
import io.dockmedic.yaml.Problem;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
    private static final Path DIR = fixtureDir();
    private static final String TOP_KEYS = "docker, http, evidence, rules, remediation, watch, notify, state_dir";

    /** Fixture name -> every expected problem, exactly, with the fixture directory stripped. */
    private static final Map<String, List<String>> INVALID = new TreeMap<>(Map.ofEntries(
            Map.entry("invalid-unknown-top-level-key.yml", List.of(
                    "invalid-unknown-top-level-key.yml:3:1: metrics: is not a known key (known: " + TOP_KEYS + ")")),
            Map.entry("invalid-unknown-nested-key.yml", List.of(
                    "invalid-unknown-nested-key.yml:2:3: http.listn: is not a known key (known: listen, web_config)",
                    "invalid-unknown-nested-key.yml:5:3: watch.queue_size: is not a known key"
                            + " (known: queue_capacity, workers, reconnect_initial, reconnect_max, refresh_interval, probe_history, crash_loop_exits, crash_loop_window, flap_transitions, flap_window)")),
            Map.entry("invalid-bad-enum.yml", List.of(
                    "invalid-bad-enum.yml:2:9: remediation.mode: is not one of: dry-run, enforce",
                    "invalid-bad-enum.yml:3:10: remediation.scope: is not one of: labelled, all")),
            Map.entry("invalid-bad-int.yml", List.of(
                    "invalid-bad-int.yml:2:14: evidence.log_lines: is not a whole number",
                    "invalid-bad-int.yml:3:16: evidence.probe_lines: is not a whole number",
                    "invalid-bad-int.yml:5:12: watch.workers: is not a whole number")),
            Map.entry("invalid-int-out-of-range.yml", List.of(
                    "invalid-int-out-of-range.yml:2:14: evidence.log_lines: is not between 1 and 10000",
                    "invalid-int-out-of-range.yml:3:16: evidence.probe_lines: is not between 0 and 100",
                    "invalid-int-out-of-range.yml:5:12: watch.workers: is not between 1 and 64",
                    "invalid-int-out-of-range.yml:6:19: watch.queue_capacity: "
                            + "is not between 16 and 1000000")),
            Map.entry("invalid-bad-duration.yml", List.of(
                    "invalid-bad-duration.yml:2:22: watch.reconnect_initial: "
                            + "is not a duration like 500ms, 30s, 5m or 1h",
                    "invalid-bad-duration.yml:3:18: watch.reconnect_max: must be more than 0")),
            Map.entry("invalid-reconnect-order.yml", List.of(
                    "invalid-reconnect-order.yml:3:18: watch.reconnect_max: \"10s\""
                            + " is less than watch.reconnect_initial (1m)")),
            Map.entry("invalid-bad-listen.yml", List.of(
                    "invalid-bad-listen.yml:2:11: http.listen: is not HOST:PORT with a port 0..65535")),
            Map.entry("invalid-bad-docker-host.yml", List.of(
                    "invalid-bad-docker-host.yml:2:9: docker.host: "
                            + "is not a unix:// or tcp:// address")),
            Map.entry("invalid-list-for-value.yml", List.of(
                    "invalid-list-for-value.yml:1:12: state_dir: must be a single value, not a list",
                    "invalid-list-for-value.yml:4:5: remediation.scope: must be a single value, not a list")),
            Map.entry("invalid-syntax.yml", List.of(
                    "invalid-syntax.yml:3:2: invalid YAML: expected <block end>, but found '<block mapping start>'")),
            Map.entry("invalid-duplicate-key.yml", List.of(
                    "invalid-duplicate-key.yml:3:3: http.listen: is given twice")),
            Map.entry("invalid-top-level-not-mapping.yml", List.of(
                    "invalid-top-level-not-mapping.yml:1:1: must be a mapping, not a list")),
            Map.entry("invalid-section-not-mapping.yml", List.of(
                    "invalid-section-not-mapping.yml:1:7: http: must be a mapping, not a value")),
            Map.entry("invalid-empty-values.yml", List.of(
                    "invalid-empty-values.yml:1:11: state_dir: must have a value",
                    "invalid-empty-values.yml:5:6: rules.dirs: must have a value",
                    "invalid-empty-values.yml:6:7: rules.dirs: must be a single value, not a list")),
            Map.entry("invalid-web-config-inline.yml", List.of(
                    "invalid-web-config-inline.yml:4:5: http.web_config: must be a single value, not a mapping")),
            Map.entry("invalid-not-utf8.yml", List.of(
                    "invalid-not-utf8.yml: is not valid UTF-8")),
            Map.entry("invalid-notify.yml", List.of(
                    "invalid-notify.yml:4:10: notify.alertmanager.url: is not an http:// or https:// URL",
                    "invalid-notify.yml:5:13: notify.language: is not one of: en, zh",
                    "invalid-notify.yml:6:16: notify.grafana_url: is not an http:// or https:// URL",
                    "invalid-notify.yml:7:3: notify.colour: is not a known key (known: alertmanager, language, grafana_url, targets)",
                    "invalid-notify.yml:9:13: notify.targets[0].name: must be 1-32 of a-z, 0-9, '_' and '-', starting with a letter or digit",
                    "invalid-notify.yml:11:12: notify.targets[0].url: is not an http:// or https:// URL",
                    "invalid-notify.yml:12:21: notify.targets[0].min_severity: is not one of: info, warning, critical",
                    "invalid-notify.yml:14:13: notify.targets[1].type: is not one of: slack, discord, ntfy, gotify, telegram, email, webhook",
                    "invalid-notify.yml:18:19: notify.targets[2].token_file: is not an absolute path",
                    "invalid-notify.yml:22:16: notify.targets[3].chat_id: is not a chat id (a number, or @channelname)",
                    "invalid-notify.yml:26:17: notify.targets[4].template: names an unknown field {{password}} (known: category, cause, container, evidence, kind, link, project, remedy, rule, service, severity, text, title)",
                    "invalid-notify.yml:27:13: notify.targets[5].name: is used by an earlier target",
                    "invalid-notify.yml:30:17: notify.targets[5].template: is not JSON (line 1, column 21 of the template)",
                    "invalid-notify.yml:31:20: notify.targets[5].categories: is not a category name",
                    "invalid-notify.yml:32:23: notify.targets[5].max_per_minute: is not between 1 and 600",
                    "invalid-notify.yml:33:7: notify.targets[5].bogus: is not a known key (known: name, type, url, min_severity, categories, projects, services, template, token_file, chat_id, max_per_minute, from, to, username)",
                    "invalid-notify.yml:34:7: notify.targets[6].name: is required",
                    "invalid-notify.yml:34:7: notify.targets[6].url: is required for a discord target",
                    "invalid-notify.yml:37:12: notify.targets[7].url: is not smtp://HOST[:PORT] or smtps://HOST[:PORT]",
                    "invalid-notify.yml:38:13: notify.targets[7].from: is not an email address",
                    "invalid-notify.yml:39:29: notify.targets[7].to: is not an email address",
                    "invalid-notify.yml:41:7: notify.targets[8].to: is required for an email target",
                    "invalid-notify.yml:41:7: notify.targets[8].url: is required for an email target",
                    "invalid-notify.yml:44:7: notify.targets[9].url: is required for a ntfy target",
                    "invalid-notify.yml:46:11: notify.targets[9].to: is only for email targets",
                    "invalid-notify.yml:47:17: notify.targets[9].template: is only for webhook targets")),
            Map.entry("invalid-several.yml", List.of(
                    "invalid-several.yml:3:9: docker.host: is not a unix:// or tcp:// address",
                    "invalid-several.yml:5:11: http.listen: is not HOST:PORT with a port 0..65535",
                    "invalid-several.yml:6:3: http.port: is not a known key (known: listen, web_config)",
                    "invalid-several.yml:8:14: evidence.log_lines: is not between 1 and 10000",
                    "invalid-several.yml:9:16: evidence.probe_lines: is not a whole number",
                    "invalid-several.yml:11:9: remediation.mode: is not one of: dry-run, enforce",
                    "invalid-several.yml:12:10: remediation.scope: is not one of: labelled, all",
                    "invalid-several.yml:14:12: watch.workers: is not between 1 and 64",
                    "invalid-several.yml:15:22: watch.reconnect_initial: "
                            + "is not a duration like 500ms, 30s, 5m or 1h",
                    "invalid-several.yml:18:1: bogus: is not a known key (known: " + TOP_KEYS + ")"))));

    static Stream<Arguments> invalidFixtures() {
        return INVALID.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFixtures")
    void invalidFixtureReportsExactlyTheseProblems(String fixture, List<String> expected) {
        assertEquals(expected, problems(DIR.resolve(fixture), Map.of(), Map.of()));
    }

    @Test
    void everyInvalidFixtureHasExpectations() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            TreeSet<String> names = new TreeSet<>(files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("invalid-")).toList());
            assertEquals(INVALID.keySet(), names);
        }
    }

    @Test
    void notifyProblemsNeverShowAValue() {
        String all = String.join("\n", problems(DIR.resolve("invalid-notify.yml"), Map.of(), Map.of()));
        assertFalse(all.contains("SECRETTOKEN"), all);
        assertFalse(all.contains("hooks.slack.com"), all);
        assertFalse(all.contains("alertmanager:9093"), all);
    }

    @Test
    void notifySectionIsRead() throws ConfigException {
        Config c = ConfigLoader.load(DIR.resolve("valid-notify.yml"), Map.of());
        Config.Notify n = c.notifications();
        assertEquals(Optional.of(java.net.URI.create("http://alertmanager:9093")), n.alertmanagerUrl());
        assertEquals(Config.Notify.Language.ZH, n.language());
        assertEquals(3, n.targets().size());
        NotifyTarget hook = n.targets().get(1);
        assertEquals("db-team", hook.name());
        assertEquals(NotifyTarget.Type.WEBHOOK, hook.type());
        assertEquals(NotifyTarget.MinSeverity.CRITICAL, hook.filter().minSeverity());
        assertEquals(java.util.Set.of("db-auth", "db-unreachable"), hook.filter().categories());
        assertEquals(java.util.Set.of("shop"), hook.filter().projects());
        assertEquals(5, hook.maxPerMinute());
        assertEquals(NotifyTarget.MinSeverity.WARNING, n.targets().get(0).filter().minSeverity());
        assertEquals(20, n.targets().get(0).maxPerMinute());
        assertEquals("-1001234567890", n.targets().get(2).endpoint().chatId());
        assertFalse(n.toString().contains("alertmanager:9093"), n.toString());
        assertFalse(hook.endpoint().toString().contains("/hook"), hook.endpoint().toString());
    }

    @Test
    void alertmanagerUrlFromEnv() throws ConfigException {
        Config c = ConfigLoader.load(null, Map.of("DOCKMEDIC_NOTIFY_ALERTMANAGER_URL", "http://127.0.0.1:9093"));
        assertEquals(Optional.of(java.net.URI.create("http://127.0.0.1:9093")), c.notifications().alertmanagerUrl());
        assertTrue(c.notifications().enabled());
        assertFalse(Config.defaults().notifications().enabled());
    }

    @Test
    void defaultsWithoutFile() throws ConfigException {
        Config c = ConfigLoader.load(null, Map.of("PATH", "/usr/bin"));
        assertEquals(Config.defaults(), c);
        assertEquals("unix:///var/run/docker.sock", c.docker().host());
        assertEquals("0.0.0.0", c.http().host());
        assertEquals(9464, c.http().port());
        assertEquals("0.0.0.0:9464", c.http().listen());
        assertEquals(Optional.empty(), c.http().webConfig());
        assertEquals(200, c.evidence().logLines());
        assertEquals(5, c.evidence().probeLines());
        assertEquals(List.of(Path.of("/etc/dockmedic/rules.d")), c.rules().dirs());
        assertEquals(Mode.DRY_RUN, c.remediation().mode());
        assertEquals("dry-run", c.remediation().mode().id());
        assertEquals(Scope.LABELLED, c.remediation().scope());
        assertEquals(4096, c.watch().queueCapacity());
        assertEquals(16, c.watch().workers());
        assertEquals(Duration.ofMillis(500), c.watch().reconnectInitial());
        assertEquals(Duration.ofSeconds(30), c.watch().reconnectMax());
        assertEquals(Path.of("/var/lib/dockmedic"), c.stateDir());
    }

    @Test
    void emptyFileGivesDefaults() throws ConfigException {
        assertEquals(Config.defaults(), ConfigLoader.load(DIR.resolve("valid-empty.yml"), Map.of()));
    }

    @Test
    void emptySectionGivesItsDefaults(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("c.yml"), "http:\nwatch:\n  workers: 8\n");
        Config c = ConfigLoader.load(file, Map.of());
        assertEquals(Config.defaults().http(), c.http());
        assertEquals(8, c.watch().workers());
    }

    @Test
    void fileOverridesDefaults() throws ConfigException {
        Config c = ConfigLoader.load(DIR.resolve("valid-full.yml"), Map.of());
        assertEquals(new Config(
                new Config.Docker("tcp://10.0.0.5:2375", Optional.empty(), true, "node-1"),
                new Config.Http("::1", 9999, Optional.of(Path.of("/etc/dockmedic/web.yml"))),
                new Config.Evidence(1000, 0),
                new Config.Rules(List.of(Path.of("/opt/rules"), Path.of("./local-rules"))),
                new Config.Remediation(Mode.ENFORCE, Scope.ALL, List.of(Path.of("/opt/playbooks")), Duration.ofSeconds(45), 5,
                        Duration.ofMinutes(30), Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofMinutes(10), 4, 7,
                        java.util.Optional.of(java.net.URI.create("http://127.0.0.1:9000/hook"))),
                new Config.Watch(16, 64, Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofSeconds(30)),
                Path.of("/tmp/dockmedic")), c);
        assertEquals("[::1]:9999", c.http().listen());
    }

    @Test
    void envBeatsFile() throws ConfigException {
        Config c = ConfigLoader.load(DIR.resolve("valid-full.yml"), Map.of(
                "DOCKMEDIC_HTTP_LISTEN", "127.0.0.1:9999",
                "DOCKMEDIC_EVIDENCE_LOG_LINES", "7",
                "DOCKMEDIC_STATE_DIR", "/srv/state",
                "DOCKMEDIC_RULES_DIRS", "/a, /b",
                "DOCKMEDIC_REMEDIATION_MODE", "dry-run",
                "DOCKMEDIC_WATCH_RECONNECT_MAX", "1h",
                "DOCKMEDIC_CONFIG", "/etc/dockmedic/config.yml",
                "DOCKMEDIC_JAVA_OPTS", "-Xmx64m",
                "DOCKMEDIC_LANG", "en"));
        assertEquals("127.0.0.1:9999", c.http().listen());
        assertEquals(7, c.evidence().logLines());
        assertEquals(0, c.evidence().probeLines()); // from the file
        assertEquals(Path.of("/srv/state"), c.stateDir());
        assertEquals(List.of(Path.of("/a"), Path.of("/b")), c.rules().dirs());
        assertEquals(Mode.DRY_RUN, c.remediation().mode());
        assertEquals(Duration.ofHours(1), c.watch().reconnectMax());
    }

    @Test
    void webConfigFromEnvAndEmptyTurnsItOff() throws ConfigException {
        assertEquals(Optional.of(Path.of("/run/web.yml")),
                ConfigLoader.load(null, Map.of("DOCKMEDIC_HTTP_WEB_CONFIG", "/run/web.yml")).http().webConfig());
        Config off = ConfigLoader.load(DIR.resolve("valid-full.yml"), Map.of("DOCKMEDIC_HTTP_WEB_CONFIG", ""));
        assertEquals(new Config.Http("::1", 9999), off.http());
    }

    @Test
    void emptyEnvListMeansNoRuleDirs() throws ConfigException {
        assertEquals(List.of(), ConfigLoader.load(null, Map.of("DOCKMEDIC_RULES_DIRS", "")).rules().dirs());
    }

    @Test
    void dockerHostEnvIsOnlyTheDefault() throws ConfigException {
        Map<String, String> env = Map.of("DOCKER_HOST", "tcp://docker:2375", "DOCKMEDIC_DOCKER_ALLOW_PLAIN_TCP", "true");
        assertEquals("tcp://docker:2375", ConfigLoader.load(null, env).docker().host());
        assertEquals("tcp://10.0.0.5:2375", ConfigLoader.load(DIR.resolve("valid-full.yml"), env).docker().host());
        assertEquals("unix:///run/d.sock", ConfigLoader.load(null,
                Map.of("DOCKER_HOST", "tcp://docker:2375", "DOCKMEDIC_DOCKER_HOST", "unix:///run/d.sock")).docker().host());
        assertEquals(Config.defaults().docker(), ConfigLoader.load(null, Map.of("DOCKER_HOST", "")).docker());
    }

    @Test
    void badDockerHostEnvIsReportedOnlyWhenUsed() throws ConfigException {
        Map<String, String> env = Map.of("DOCKER_HOST", "ssh://me@host");
        assertEquals(List.of("env DOCKER_HOST: docker.host: is not a unix:// or tcp:// address"),
                problems(null, env, Map.of()));
        assertEquals("unix:///x.sock", ConfigLoader.load(null, env, Map.of("docker.host", "unix:///x.sock")).docker().host());
    }

    @Test
    void portZeroAccepted() throws ConfigException {
        Config c = ConfigLoader.load(null, Map.of(), Map.of("http.listen", "127.0.0.1:0"));
        assertEquals("127.0.0.1", c.http().host());
        assertEquals(0, c.http().port());
    }

    @Test
    void durationsInEveryUnit() throws ConfigException {
        Config c = ConfigLoader.load(null, Map.of("DOCKMEDIC_WATCH_RECONNECT_INITIAL", "250ms"),
                Map.of("watch.reconnect_max", "2m"));
        assertEquals(Duration.ofMillis(250), c.watch().reconnectInitial());
        assertEquals(Duration.ofMinutes(2), c.watch().reconnectMax());
        c = ConfigLoader.load(null, Map.of(), Map.of("watch.reconnect_initial", "3s", "watch.reconnect_max", "2h"));
        assertEquals(Duration.ofSeconds(3), c.watch().reconnectInitial());
        assertEquals(Duration.ofHours(2), c.watch().reconnectMax());
        assertEquals(List.of("override: watch.reconnect_max: is not a duration like 500ms, 30s, 5m or 1h"),
                problems(null, Map.of(), Map.of("watch.reconnect_max", "1.5s")));
    }

    @Test
    void reconnectInitialAboveDefaultMaxBlamesInitial() {
        assertEquals(List.of("env DOCKMEDIC_WATCH_RECONNECT_INITIAL: watch.reconnect_initial: \"1m\""
                        + " is more than watch.reconnect_max (30s)"),
                problems(null, Map.of("DOCKMEDIC_WATCH_RECONNECT_INITIAL", "1m"), Map.of()));
    }

    @Test
    void patternsInTimeHaveDefaultsAndAreChecked() throws ConfigException {
        assertEquals(Config.Patterns.DEFAULTS, ConfigLoader.load(null, Map.of()).watch().patterns());
        Config c = ConfigLoader.load(null, Map.of("DOCKMEDIC_WATCH_FLAP_WINDOW", "2m"), Map.of("watch.probe_history", "0",
                "watch.crash_loop_exits", "5", "watch.crash_loop_window", "1h", "watch.flap_transitions", "2"));
        assertEquals(new Config.Patterns(0, 5, Duration.ofHours(1), 2, Duration.ofMinutes(2)), c.watch().patterns());
        List<String> problems = problems(null, Map.of(), Map.of("watch.crash_loop_exits", "1", "watch.flap_window", "0s",
                "watch.probe_history", "101"));
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("override: watch.crash_loop_exits:")), problems.toString());
        assertTrue(problems.contains("override: watch.flap_window: must be more than 0"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("override: watch.probe_history:")), problems.toString());
    }

    @Test
    void remediationEnvelopeIsChecked() {
        assertEquals(List.of(
                        "override: remediation.webhook_url: is not an http:// or https:// URL",
                        "override: remediation.backoff_max: \"1s\" is less than remediation.backoff_initial (10s)"),
                problems(null, Map.of(), Map.of("remediation.webhook_url", "ftp://x", "remediation.backoff_max", "1s")));
    }

    @Test
    void overridesBeatEnvAndAreValidated() throws ConfigException {
        Config c = ConfigLoader.load(null, Map.of("DOCKMEDIC_WATCH_WORKERS", "2"), Map.of("watch.workers", "3"));
        assertEquals(3, c.watch().workers());
        assertEquals(List.of(
                        "override: http.lisen: is not a known key (known: docker.host, docker.tls.ca, docker.tls.cert, docker.tls.key, "
                + "docker.allow_plain_tcp, docker.engine_name, http.listen, http.web_config, evidence.log_lines,"
                                + " evidence.probe_lines, rules.dirs, remediation.mode, remediation.scope,"
                                + " remediation.playbook_dirs, remediation.grace_period, remediation.budget,"
                                + " remediation.budget_window, remediation.backoff_initial, remediation.backoff_max,"
                                + " remediation.cool_off, remediation.max_concurrent, remediation.project_limit,"
                                + " remediation.webhook_url, watch.queue_capacity, watch.workers, watch.reconnect_initial, watch.reconnect_max,"
                                + " watch.refresh_interval, watch.probe_history, watch.crash_loop_exits, watch.crash_loop_window, watch.flap_transitions, watch.flap_window,"
                                + " notify.alertmanager.url, notify.language, notify.grafana_url, state_dir)",
                        "override: http.listen: is not HOST:PORT with a port 0..65535"),
                problems(null, Map.of(), Map.of("http.lisen", "x", "http.listen", "127.0.0.1:65536")));
    }

    @Test
    void envErrorsNameTheEnvVarSortedByName() {
        Map<String, String> env = Map.of(
                "DOCKMEDIC_WATCH_WORKERS", "many",
                "DOCKMEDIC_EVIDENCE_LOG_LINES", "abc",
                "DOCKMEDIC_HTTP_PORT", "9464",
                "DOCKMEDIC_RULES_DIRS", "/a,,/b",
                "DOCKMEDIC_REMEDIATION_SCOPE", "some\nthing");
        assertEquals(List.of(
                "env DOCKMEDIC_EVIDENCE_LOG_LINES: evidence.log_lines: is not a whole number",
                "env DOCKMEDIC_HTTP_PORT: is not a known setting (known: DOCKMEDIC_DOCKER_HOST, DOCKMEDIC_DOCKER_TLS_CA, DOCKMEDIC_DOCKER_TLS_CERT, DOCKMEDIC_DOCKER_TLS_KEY, "
                + "DOCKMEDIC_DOCKER_ALLOW_PLAIN_TCP, DOCKMEDIC_DOCKER_ENGINE_NAME, DOCKMEDIC_HTTP_LISTEN,"
                        + " DOCKMEDIC_HTTP_WEB_CONFIG, DOCKMEDIC_EVIDENCE_LOG_LINES, DOCKMEDIC_EVIDENCE_PROBE_LINES, DOCKMEDIC_RULES_DIRS,"
                        + " DOCKMEDIC_REMEDIATION_MODE, DOCKMEDIC_REMEDIATION_SCOPE,"
                        + " DOCKMEDIC_REMEDIATION_PLAYBOOK_DIRS, DOCKMEDIC_REMEDIATION_GRACE_PERIOD, DOCKMEDIC_REMEDIATION_BUDGET,"
                        + " DOCKMEDIC_REMEDIATION_BUDGET_WINDOW, DOCKMEDIC_REMEDIATION_BACKOFF_INITIAL, DOCKMEDIC_REMEDIATION_BACKOFF_MAX,"
                        + " DOCKMEDIC_REMEDIATION_COOL_OFF, DOCKMEDIC_REMEDIATION_MAX_CONCURRENT, DOCKMEDIC_REMEDIATION_PROJECT_LIMIT,"
                        + " DOCKMEDIC_REMEDIATION_WEBHOOK_URL, DOCKMEDIC_WATCH_QUEUE_CAPACITY,"
                        + " DOCKMEDIC_WATCH_WORKERS, DOCKMEDIC_WATCH_RECONNECT_INITIAL, DOCKMEDIC_WATCH_RECONNECT_MAX,"
                        + " DOCKMEDIC_WATCH_REFRESH_INTERVAL, DOCKMEDIC_WATCH_PROBE_HISTORY, DOCKMEDIC_WATCH_CRASH_LOOP_EXITS, DOCKMEDIC_WATCH_CRASH_LOOP_WINDOW,"
                        + " DOCKMEDIC_WATCH_FLAP_TRANSITIONS, DOCKMEDIC_WATCH_FLAP_WINDOW, DOCKMEDIC_NOTIFY_ALERTMANAGER_URL, DOCKMEDIC_NOTIFY_LANGUAGE,"
                        + " DOCKMEDIC_NOTIFY_GRAFANA_URL, DOCKMEDIC_STATE_DIR)",
                "env DOCKMEDIC_REMEDIATION_SCOPE: remediation.scope: is not one of: labelled, all",
                "env DOCKMEDIC_RULES_DIRS: rules.dirs: must not be empty",
                "env DOCKMEDIC_WATCH_WORKERS: watch.workers: is not a whole number"),
                problems(null, env, Map.of()));
    }

    @Test
    void allProblemsReportedAtOnceFileThenEnvThenOverrides() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(
                DIR.resolve("invalid-bad-enum.yml"),
                Map.of("DOCKMEDIC_WATCH_WORKERS", "0", "DOCKMEDIC_STATE_DIR", ""),
                Map.of("evidence.probe_lines", "-1")));
        assertEquals(List.of(
                "invalid-bad-enum.yml:2:9: remediation.mode: is not one of: dry-run, enforce",
                "invalid-bad-enum.yml:3:10: remediation.scope: is not one of: labelled, all",
                "env DOCKMEDIC_STATE_DIR: state_dir: must not be empty",
                "env DOCKMEDIC_WATCH_WORKERS: watch.workers: is not between 1 and 64",
                "override: evidence.probe_lines: is not between 0 and 100"), relative(e));
        assertTrue(e.getMessage().startsWith("invalid configuration: 5 problems\n  "), e.getMessage());
        Problem first = e.problems().get(0);
        assertEquals(new Problem(DIR.resolve("invalid-bad-enum.yml") + ":2:9", "remediation.mode", null,
                "is not one of: dry-run, enforce"), first);
    }

    @Test
    void missingFileIsNamedAndEnvStillChecked() {
        Path missing = DIR.resolve("no-such-file.yml");
        assertEquals(List.of("no-such-file.yml: does not exist",
                        "env DOCKMEDIC_EVIDENCE_PROBE_LINES: evidence.probe_lines: is not a whole number"),
                problems(missing, Map.of("DOCKMEDIC_EVIDENCE_PROBE_LINES", "x"), Map.of()));
    }

    @Test
    void directoryIsNotAConfigFile(@TempDir Path tmp) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(tmp, Map.of()));
        assertEquals(List.of(new Problem(tmp.toString(), "", null, "is a directory, not a file")), e.problems());
    }

    /** A value in the wrong place may be a password, a webhook URL may carry credentials: never printed. */
    @Test
    void problemsNeverShowTheValue(@TempDir Path tmp) throws Exception {
        String secret = "Hunter2-planted-secret";
        Path file = tmp.resolve("dockmedic.yml");
        java.nio.file.Files.writeString(file, String.join("\n",
                "remediation:",
                "  webhook_url: ftp://ops:" + secret + "@hooks.example/x",
                "  mode: " + secret,
                "http:",
                "  listen: " + secret,
                "evidence:",
                "  log_lines: " + secret,
                "watch:",
                "  reconnect_max: " + secret, ""));
        List<String> shown = problems(file, Map.of("DOCKMEDIC_REMEDIATION_BUDGET", secret,
                "DOCKER_HOST", "ssh://me:" + secret + "@host"), Map.of("state_dir", "", "remediation.scope", secret,
                "remediation.webhook_url", "https://u:" + secret + "@exa mple"));
        assertEquals(List.of(
                "dockmedic.yml:2:16: remediation.webhook_url: is not an http:// or https:// URL",
                "dockmedic.yml:3:9: remediation.mode: is not one of: dry-run, enforce",
                "dockmedic.yml:5:11: http.listen: is not HOST:PORT with a port 0..65535",
                "dockmedic.yml:7:14: evidence.log_lines: is not a whole number",
                "dockmedic.yml:9:18: watch.reconnect_max: is not a duration like 500ms, 30s, 5m or 1h",
                "env DOCKER_HOST: docker.host: is not a unix:// or tcp:// address",
                "env DOCKMEDIC_REMEDIATION_BUDGET: remediation.budget: is not a whole number",
                "override: remediation.scope: is not one of: labelled, all",
                "override: remediation.webhook_url: is not an http:// or https:// URL",
                "override: state_dir: must not be empty"), shown.stream().map(p -> p.replace(tmp + File.separator, "")).toList());
        assertFalse(String.join("\n", shown).contains("Hunter2"), shown::toString);
    }

    private static List<String> problems(Path file, Map<String, String> env, Map<String, String> overrides) {
        return relative(assertThrows(ConfigException.class, () -> ConfigLoader.load(file, env, overrides)));
    }

    private static List<String> relative(ConfigException e) {
        String prefix = DIR + File.separator;
        return e.problems().stream().map(p -> p.toString().replace(prefix, "")).toList();
    }

    private static Path fixtureDir() {
        try {
            return Path.of(ConfigLoaderTest.class.getResource("/config").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
