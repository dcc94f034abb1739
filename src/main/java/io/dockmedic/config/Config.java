package io.dockmedic.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The daemon's validated, immutable configuration. Obtain it from {@link ConfigLoader#load} (defaults,
 * then the YAML file, then {@code DOCKMEDIC_*} env vars) or {@link #defaults()}.
 *
 * <p>Values are already checked (ranges, enums, addresses), so users need no further validation.
 */
public record Config(
        Docker docker, Http http, Evidence evidence, Rules rules, Remediation remediation, Watch watch, Path stateDir,
        Notify notifications) {

    public Config {
        Objects.requireNonNull(docker, "docker");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(remediation, "remediation");
        Objects.requireNonNull(watch, "watch");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(notifications, "notifications");
    }

    /** Without notifications. */
    public Config(Docker docker, Http http, Evidence evidence, Rules rules, Remediation remediation, Watch watch,
                  Path stateDir) {
        this(docker, http, evidence, rules, remediation, watch, stateDir, Notify.OFF);
    }

    /** The built-in defaults, ignoring any file and environment (not even {@code DOCKER_HOST}). */
    public static Config defaults() {
        return ConfigLoader.builtInDefaults();
    }

    /**
     * {@code docker.*}: the engine endpoint ({@code unix://PATH} or {@code tcp://HOST:PORT}), its TLS
     * client files ({@code docker.tls.*}, for tcp only), whether plain tcp was explicitly allowed, and
     * the engine's name on every metric ({@code docker.engine_name}, empty: see {@link #engine()}).
     */
    public record Docker(String host, Optional<Tls> tls, boolean allowPlainTcp, String engineName) {
        public Docker {
            Objects.requireNonNull(tls, "tls");
            Objects.requireNonNull(engineName, "engineName");
        }

        /** A unix socket (or plain tcp, as tests use it) without TLS and with the derived engine name. */
        public Docker(String host) {
            this(host, Optional.empty(), false, "");
        }

        /**
         * The value of the {@code engine} label: {@code docker.engine_name}, else the host of a
         * {@code tcp://} endpoint, else {@code local} (one agent per host: Prometheus's {@code instance} tells them apart).
         */
        public String engine() {
            if (!engineName.isEmpty()) {
                return engineName;
            }
            if (host.startsWith("tcp://")) {
                String hostPort = host.substring("tcp://".length()).split("/", 2)[0];
                int colon = hostPort.lastIndexOf(':');
                String h = colon > 0 && hostPort.indexOf(']') < colon ? hostPort.substring(0, colon) : hostPort;
                return h.isEmpty() ? "local" : h;
            }
            return "local";
        }

        /** {@code docker.tls.ca}, {@code .cert}, {@code .key}: PEM files of the CA, the client certificate and its key. */
        public record Tls(Path ca, Path cert, Path key) {
            public Tls {
                Objects.requireNonNull(ca, "ca");
                Objects.requireNonNull(cert, "cert");
                Objects.requireNonNull(key, "key");
            }
        }
    }

    /**
     * {@code http.listen}, split into host and port; port 0 means any free port. The host is kept without
     * IPv6 brackets so it can be passed to {@link java.net.InetSocketAddress} directly.
     * {@code http.web_config}: the web config file (TLS, basic auth) of the endpoints, empty for none.
     */
    public record Http(String host, int port, Optional<Path> webConfig) {
        public Http {
            Objects.requireNonNull(webConfig, "webConfig");
        }

        /** Plain HTTP without a web config file. */
        public Http(String host, int port) {
            this(host, port, Optional.empty());
        }

        /** The address as {@code HOST:PORT} (IPv6 hosts in brackets). */
        public String listen() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }

        Http withWebConfig(Optional<Path> file) {
            return new Http(host, port, file);
        }
    }

    /** {@code evidence.*}: how many log lines and health-probe results to collect per diagnosis. */
    public record Evidence(int logLines, int probeLines) {
    }

    /** {@code rules.dirs}: directories to read rule files from; missing directories are skipped. */
    public record Rules(List<Path> dirs) {
        public Rules {
            dirs = List.copyOf(dirs);
        }
    }

    /**
     * {@code remediation.*}: whether remediations are carried out, on which containers, and the safety
     * envelope around them (grace period, restart budget per service and window, exponential back-off,
     * circuit-breaker cool-off, global concurrency, restarts per project and window).
     *
     * @param webhookUrl where escalations and circuit-open alerts are POSTed; empty for none
     */
    public record Remediation(Mode mode, Scope scope, List<Path> playbookDirs, Duration gracePeriod, int budget,
                              Duration budgetWindow, Duration backoffInitial, Duration backoffMax, Duration coolOff,
                              int maxConcurrent, int projectLimit, java.util.Optional<java.net.URI> webhookUrl) {
        public Remediation {
            playbookDirs = List.copyOf(playbookDirs);
        }

        /** Whether remediations are only logged ({@code dry-run}) or carried out ({@code enforce}). */
        public enum Mode {
            DRY_RUN("dry-run"), ENFORCE("enforce");

            private final String id;

            Mode(String id) {
                this.id = id;
            }

            /** The spelling used in the config file. */
            public String id() {
                return id;
            }
        }

        /** Which containers may be remediated: only those labelled for it, or all. */
        public enum Scope {
            LABELLED("labelled"), ALL("all");

            private final String id;

            Scope(String id) {
                this.id = id;
            }

            /** The spelling used in the config file. */
            public String id() {
                return id;
            }
        }
    }

    /**
     * {@code watch.*}: event queue, worker pool, reconnect back-off (initial never above max), and how
     * often a container that stays unhealthy is diagnosed again (its cause may change meanwhile).
     */
    public record Watch(int queueCapacity, int workers, Duration reconnectInitial, Duration reconnectMax,
                        Duration refreshInterval, Patterns patterns) {

        /** With the default patterns in time. */
        public Watch(int queueCapacity, int workers, Duration reconnectInitial, Duration reconnectMax,
                     Duration refreshInterval) {
            this(queueCapacity, workers, reconnectInitial, reconnectMax, refreshInterval, Patterns.DEFAULTS);
        }
    }

    /**
     * {@code watch.probe_history}, {@code watch.crash_loop_exits}/{@code _window}, {@code watch.flap_transitions}/
     * {@code _window}: how many probe results are kept per container, how many exits within a window make a
     * crash loop, and more than how many health changes within a window are flapping.
     */
    public record Patterns(int probeHistory, int crashLoopExits, Duration crashLoopWindow, int flapTransitions,
                           Duration flapWindow) {
        public static final Patterns DEFAULTS = new Patterns(10, 3, Duration.ofMinutes(10), 4, Duration.ofMinutes(10));
    }

    /**
     * {@code notify.*}: where diagnoses are told (contract section 7). The Alertmanager URL and the
     * targets' URLs and tokens are secrets: {@link #toString()} never shows them.
     *
     * @param alertmanagerUrl {@code notify.alertmanager.url}: Alertmanager's base URL, empty for off
     * @param grafanaUrl      {@code notify.grafana_url}: a link put in messages, empty for none
     */
    public record Notify(Optional<java.net.URI> alertmanagerUrl, Language language, Optional<java.net.URI> grafanaUrl,
                         List<NotifyTarget> targets) {
        public static final Notify OFF = new Notify(Optional.empty(), Language.EN, Optional.empty(), List.of());

        public Notify {
            Objects.requireNonNull(alertmanagerUrl, "alertmanagerUrl");
            Objects.requireNonNull(language, "language");
            Objects.requireNonNull(grafanaUrl, "grafanaUrl");
            targets = List.copyOf(targets);
        }

        /** Whether anything is to be told at all. */
        public boolean enabled() {
            return alertmanagerUrl.isPresent() || !targets.isEmpty();
        }

        @Override
        public String toString() {
            return "Notify[alertmanager=" + (alertmanagerUrl.isPresent() ? "***" : "off") + ", language=" + language.id()
                    + ", targets=" + targets.stream().map(t -> t.name() + ":" + t.type().id()).toList() + "]";
        }

        /** {@code notify.language}: the language of messages. */
        public enum Language {
            EN("en"), ZH("zh");

            private final String id;

            Language(String id) {
                this.id = id;
            }

            public String id() {
                return id;
            }
        }
    }
}
