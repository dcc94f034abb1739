package io.dockmedic.agent;

import io.dockmedic.config.Config;
import io.dockmedic.diagnosis.Diagnoser;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.diagnosis.ReportFormat;
import io.dockmedic.diagnosis.TemplateClusters;
import io.dockmedic.docker.DockerJavaEngine;
import io.dockmedic.docker.Engine;
import io.dockmedic.evidence.EvidenceCollector;
import io.dockmedic.journal.StateDir;
import io.dockmedic.metrics.DockmedicMetrics;
import io.dockmedic.remediation.PlaybookLoader;
import io.dockmedic.remediation.Remediator;
import io.dockmedic.rules.Lang;
import io.dockmedic.rules.RuleLoader;
import io.dockmedic.rules.RuleSet;
import io.dockmedic.watch.EngineStatus;
import io.dockmedic.watch.FileCheckpoint;
import io.dockmedic.watch.Watcher;
import io.dockmedic.yaml.ProblemsException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon as an object: tests start it in-process (HTTP on port 0), {@code dockmedic run}
 * starts it from main. Start order: engine client and HTTP server (each built and started on a thread of its own
 * meanwhile), metrics, playbooks and remediation, then the HTTP server is waited for, watcher, rules (compiled on
 * their own thread), JVM metrics, then the engine client and the first rules are waited for; {@link #close()} stops them in reverse, each step
 * time-bounded, within 5 s in all.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    /** Quiet time after a rule file change before the rules are reloaded. */
    private static final Duration RELOAD_DEBOUNCE = Duration.ofMillis(300);
    /** The first rules compile once the event stream is up, or this long after the watcher started at the latest. */
    private static final Duration RULES_AT_THE_LATEST = Duration.ofSeconds(2);

    private final Config config;
    private final Engine engine;
    private final BuildInfo build = BuildInfo.load();
    /** Set in {@link #start}: the first rule set compiles while the rest starts. */
    private volatile RulesInUse rules;
    private final Lifecycle lifecycle = new Lifecycle();
    private final TemplateClusters unclassified = new TemplateClusters(TemplateClusters.DEFAULT_CAPACITY);
    private volatile DockmedicMetrics metrics;
    private Remediator remediator;
    private volatile Pipeline pipeline;
    private volatile Watcher watcher;
    private HttpEndpoint http;
    private volatile boolean started;

    private DockmedicMetrics startedMetrics() {
        DockmedicMetrics m = metrics;
        if (m == null) {
            throw new HttpEndpoint.NotReady();
        }
        return m;
    }

    private Pipeline startedPipeline() {
        Pipeline p = pipeline;
        if (p == null) {
            throw new HttpEndpoint.NotReady();
        }
        return p;
    }

    /** With the engine client of {@code docker.*}, built on a thread of its own while the agent starts. */
    public Agent(Config config) {
        this(config, new PendingEngine(() -> EngineFactory.open(config.docker())));
    }

    /** With a given engine (its lifecycle passes to the agent). */
    public Agent(Config config, Engine engine) {
        this.config = config;
        this.engine = engine;
    }

    /**
     * Does, on the calling thread, start-up work that needs no configuration, so that a daemon can do it beside reading
     * its command line and configuration (issue 18): the HTTP server's MIME types, whose class initialiser lists every
     * locale the JVM has, the longest part of starting the server. The server's own start then finds them made (or
     * waits for the thread making them: a class is initialised once). Call it once logging is set up.
     */
    public static void prepareStart() {
        HttpEndpoint.prepare();
    }

    /**
     * Loads the rules and playbooks and starts watching. A bad rule or playbook file is an error here (the caller exits 2),
     * and so is an engine TLS file that cannot be used ({@link io.dockmedic.docker.EngineConfigException}); an engine
     * that does not answer yet is not: the watcher keeps retrying.
     *
     * <p>Ready ({@code /healthz} says the event stream is up) comes first: the engine client ({@link PendingEngine})
     * is built on a thread of its own, and the HTTP server starts on another ({@link OwnThread}, its routes answering
     * 503 until then) while the main thread builds the metrics and the pipeline; the rules start compiling, on their own thread,
     * only once the event stream is up, or {@link #RULES_AT_THE_LATEST} after the watcher started (a diagnosis waits for
     * them, see {@link RulesInUse}), and the JVM's own
     * metrics are bound once they are. The HTTP server starts before the watcher, so that the reconcile's inspects do
     * not compete with it. The watcher's start-up reconcile runs after the subscription
     * (events since then are queued behind it), so nothing that happens meanwhile is missed.
     */
    public synchronized Agent start() throws ProblemsException, IOException {
        if (started) {
            return this;
        }
        StartupTimes.mark("agent starting");
        lifecycle.onStop("engine client", Duration.ofMillis(500), engine::close);
        WebConfig web = config.http().webConfig().isPresent() ? WebConfig.load(config.http().webConfig().get()) : WebConfig.OFF;
        // the HTTP server starts on its own thread meanwhile; its routes answer 503 until the pipeline is built
        OwnThread<HttpEndpoint, IOException> startingHttp = new OwnThread<>("dockmedic-http-start", IOException.class, () -> {
            HttpEndpoint h = new HttpEndpoint(config.http().host(), config.http().port(), web,
                    () -> startedMetrics().scrape(), () -> startedMetrics().scrape("application/openmetrics-text"),
                    this::health, query -> DiagnosesApi.json(startedPipeline().active().values(),
                            startedPipeline().recent(), query),
                    () -> TemplateClusters.json(unclassified.top(TemplateClusters.DEFAULT_CAPACITY)));
            h.start();
            StartupTimes.mark("HTTP server started");
            return h;
        });
        RulesInUse firstRules = new RulesInUse();
        rules = firstRules;
        try {
            metrics = new DockmedicMetrics(build.version(), build.commit(), config.docker().engine());
            lifecycle.onStop("metrics", Duration.ofMillis(300), metrics::close);
            startPipeline();
        } catch (ProblemsException | IOException | RuntimeException | Error e) {
            stopWhenStarted(startingHttp);
            throw e;
        }
        StartupTimes.mark("metrics and pipeline built");
        http = startingHttp.await();
        lifecycle.onStop("http", Duration.ofMillis(500), http::close);
        var w = config.watch();
        watcher = new Watcher(engine, pipeline, w.queueCapacity(), w.workers(), w.reconnectInitial(), w.reconnectMax(),
                w.refreshInterval(), new FileCheckpoint(StateDir.open(config.stateDir()), Clock.systemUTC()));
        metrics.backlog(watcher::backlog);
        watcher.start();
        StartupTimes.mark("watcher started");
        lifecycle.onStop("watcher", Duration.ofSeconds(3), () -> watcher.close(Duration.ofMillis(2500)));
        // not needed to be ready, and compiling them would take a core from the subscription
        firstRules.loadFirstWhen(pipeline.streamWasUp(), RULES_AT_THE_LATEST, config.rules().dirs());
        if (engine instanceof PendingEngine pending) {
            pending.await(); // a TLS file that cannot be used fails the start (the daemon exits 2)
        }
        RuleSet loaded = firstRules.awaitFirst();
        StartupTimes.mark("engine client built, rules compiled");
        // after the subscription, which binding them (~30 ms of the JVM's management classes) competed with for a core
        metrics.bindJvm();
        metrics.rules(loaded.size(), true);
        metrics.ruleInfo(loaded.rules());
        RuleReloader reloader = RuleReloader.start(config.rules().dirs(), RELOAD_DEBOUNCE, this::reloadRules);
        lifecycle.onStop("rule file watcher", Duration.ofMillis(300), reloader::close);
        RuleReloader playbookWatch = RuleReloader.start("playbooks", config.remediation().playbookDirs(), RELOAD_DEBOUNCE,
                remediator::reloadPlaybooks);
        lifecycle.onStop("playbook file watcher", Duration.ofMillis(300), playbookWatch::close);
        started = true;
        log.info("dockmedic {} ({}) watching {} with {} rules; metrics on {}://{}:{}/metrics{}",
                build.version(), build.commit(), config.docker().host(), loaded.size(), http.scheme(),
                config.http().host(), port(), web.authRequired() ? " (basic auth)" : "");
        return this;
    }

    /** After a failed start of the rest: waits for the HTTP server and stops it (what starting it threw is dropped). */
    private static void stopWhenStarted(OwnThread<HttpEndpoint, IOException> startingHttp) {
        try {
            startingHttp.await().close();
        } catch (IOException | RuntimeException e) {
            // it did not start: nothing to stop
        }
    }

    /** Remediation, notifications and the pipeline the watcher feeds. */
    private void startPipeline() throws ProblemsException, IOException {
        remediator = new Remediator(config.remediation(), config.stateDir(), engine, metrics,
                PlaybookLoader.load(config.remediation().playbookDirs()), Clock.systemUTC());
        lifecycle.onStop("remediation", Duration.ofMillis(500), remediator::close);
        io.dockmedic.notify.Notifier notifier = io.dockmedic.notify.Notifier.start(config.notifications(),
                (target, outcome) -> metrics.notification(target, outcome.id()));
        lifecycle.onStop("notifications", Duration.ofMillis(800), () -> notifier.close(Duration.ofMillis(600)));
        remediator.addListener(new RemediationNotices(notifier));
        remediator.start();
        pipeline = new Pipeline(engine, new EvidenceCollector(engine, config.evidence().logLines(),
                config.evidence().probeLines()), new Diagnoser(rules), metrics, unclassified,
                remediator, timelines(config.watch().patterns()));
        pipeline.notifier(notifier);
    }

    /**
     * Reloads the rules: the new set is built first and swapped in atomically; a bad file keeps the
     * old set, logs every problem and sets {@code dockmedic_rules_reload_success 0}. Called on SIGHUP
     * and when a file in a rule directory changes; one reload at a time.
     */
    public synchronized boolean reloadRules() {
        try {
            RuleSet fresh = RuleLoader.load(config.rules().dirs(), true);
            rules.set(fresh);
            metrics.rules(fresh.size(), true);
            metrics.ruleInfo(fresh.rules());
            log.info("rules reloaded: {} rules", fresh.size());
            return true;
        } catch (ProblemsException e) {
            metrics.rules(rules.size(), false);
            log.error("rule reload failed, keeping the {} rules in use: {}", rules.size(), e.getMessage());
            return false;
        }
    }

    /**
     * SIGHUP: reloads the rules and the playbooks, each built first and swapped in only when valid. The other
     * settings need a restart (README, Configuration reload).
     */
    public void reload() {
        reloadRules();
        remediator.reloadPlaybooks();
    }

    /** The playbooks in use, by name. */
    public Map<String, io.dockmedic.remediation.Playbook> playbooks() {
        return remediator.playbooks();
    }

    private static io.dockmedic.evidence.Timelines timelines(Config.Patterns p) {
        return new io.dockmedic.evidence.Timelines(new io.dockmedic.evidence.ProbeHistory(p.probeHistory()),
                new io.dockmedic.evidence.CrashLoops(p.crashLoopExits(), p.crashLoopWindow()),
                new io.dockmedic.evidence.Flaps(p.flapTransitions(), p.flapWindow()));
    }

    /** The HTTP port actually bound (useful with port 0). */
    public int port() {
        return http.port();
    }

    public PrometheusMeterRegistry registry() {
        return metrics.registry();
    }

    public RuleSet rules() {
        return rules.get();
    }

    /** Active reports by container id. */
    public Map<String, Report> active() {
        return pipeline.active();
    }

    public List<Report> recent() {
        return pipeline.recent();
    }

    /**
     * /healthz: {@code status} ok once started, {@code event_stream_up}, and {@code engine}: up,
     * connecting, unresponsive (calls time out: a hung engine) or unreachable (refused). The HTTP
     * status is 200 once the agent is started even when the engine is unresponsive: the agent itself
     * is healthy but blind, and restarting it (what a failing HEALTHCHECK leads to) cannot help a
     * hung engine. Blindness is made visible instead: here, by {@code dockmedic_event_stream_up 0}
     * and the DockmedicEventStreamDown alert. No error text here: /healthz is never authenticated.
     */
    private HttpEndpoint.Health health() {
        DockmedicMetrics m = metrics;
        boolean up = m != null && m.isStreamUp();
        Watcher w = watcher;
        String engineStatus = (w == null ? EngineStatus.CONNECTING : w.engineStatus()).id();
        String json = "{\"status\":\"" + (started ? "ok" : "starting") + "\",\"event_stream_up\":" + up
                + ",\"engine\":\"" + engineStatus + "\""
                + ",\"rules\":" + (rules == null ? 0 : rules.size()) + ",\"version\":\"" + build.version() + "\"}\n";
        return new HttpEndpoint.Health(started, json);
    }

    /** Stops everything in reverse start order; never takes much more than 5 s. */
    @Override
    public void close() {
        log.info("dockmedic stopping");
        lifecycle.stopAll();
        started = false;
    }
}
