package io.dockmedic.metrics;

import io.dockmedic.diagnosis.Diagnosis;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.rules.Lang;
import io.dockmedic.rules.Rule;
import io.dockmedic.rules.Text;
import io.dockmedic.state.Health;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The contract's metrics (section 3). Label values come only from compose labels and container
 * names: never an id, a log line or an env value. Unclassified signatures are bounded.
 */
public final class DockmedicMetrics implements AutoCloseable {
    static final int MAX_SIGNATURES = 20;
    static final String OTHER = "other";
    private static final Number ONE = 1;

    /** The labels of a container's series. */
    public record Who(String project, String service, String container) {
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private JvmGcMetrics gc;                       // made by bindJvm: its constructor asks the JVM's memory pools (JMX)
    private final GaugeSeries health;
    private final GaugeSeries active;
    private final GaugeSeries roots;
    private final GaugeSeries failingStreaks;
    private final GaugeSeries crashLoops;
    private final GaugeSeries flapping;
    private final MultiGauge ruleInfo;
    private final Timer latency;
    private final AtomicInteger streamUp = new AtomicInteger();
    private final AtomicInteger rulesLoaded = new AtomicInteger();
    private final AtomicInteger reloadSuccess = new AtomicInteger(1);
    private final Counter reconnects;
    private final Set<String> signatures = new LinkedHashSet<>();
    private final MultiGauge circuits;
    private final Map<Tags, Integer> circuitOpen = new LinkedHashMap<>();
    private final MultiGauge composeServices;
    private final Map<String, Map<String, Integer>> composeCounts = new LinkedHashMap<>();

    public DockmedicMetrics(String version, String commit) {
        this(version, commit, null);
    }

    /**
     * @param engine the {@code engine} label on every series (config {@code docker.engine_name}), so that one
     *     Prometheus can tell many engines apart; null for none
     */
    public DockmedicMetrics(String version, String commit, String engine) {
        if (engine != null) {
            registry.config().commonTags("engine", engine);
        }
        health = new GaugeSeries(registry, "dockmedic.container.health.status",
                "One-hot health status of each watched container");
        active = new GaugeSeries(registry, "dockmedic.active.diagnosis", "1 while a diagnosis holds for a container");
        roots = new GaugeSeries(registry, "dockmedic.root.cause", "1 for the root cause of a cascade across the stack");
        failingStreaks = new GaugeSeries(registry, "dockmedic.health.failing.streak",
                "Health probes of the container that failed in a row, newest backwards (0 when the last passed)");
        crashLoops = new GaugeSeries(registry, "dockmedic.crash.loop",
                "1 while the container is in a crash loop (restarted after repeated exits within the window)");
        flapping = new GaugeSeries(registry, "dockmedic.flapping",
                "1 while the container's health flaps (healthy/unhealthy more often than allowed within the window)");
        ruleInfo = MultiGauge.builder("dockmedic.rule.info")
                .description("1 for each loaded rule (and unclassified): its texts, to join on rule in dashboards and alerts")
                .register(registry);
        circuits = MultiGauge.builder("dockmedic.remediation.circuit.open")
                .description("1 while remediation of a service is stopped by its circuit breaker").register(registry);
        composeServices = MultiGauge.builder("dockmedic.compose.services")
                .description("Services of a running compose project by state: expected by its compose files, running, "
                        + "completed (one-shot, exited 0), missing, exited").register(registry);
        latency = Timer.builder("dockmedic.diagnosis.latency")
                .description("Engine event time to diagnosis exported")
                .serviceLevelObjectives(ms(50), ms(100), ms(250), ms(500), ms(1000), ms(2500), ms(5000), ms(10000), ms(30000))
                .minimumExpectedValue(ms(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        Gauge.builder("dockmedic.event.stream.up", streamUp, AtomicInteger::get)
                .description("1 while the engine event stream is connected").register(registry);
        reconnects = Counter.builder("dockmedic.event.stream.reconnects")
                .description("Re-subscriptions to the engine event stream").register(registry);
        Gauge.builder("dockmedic.rules.loaded", rulesLoaded, AtomicInteger::get)
                .description("Rules in the active rule set").register(registry);
        Gauge.builder("dockmedic.rules.reload.success", reloadSuccess, AtomicInteger::get)
                .description("1 if the last rule reload succeeded").register(registry);
        Gauge.builder("dockmedic.build.info", () -> 1).tags("version", version, "commit", commit)
                .description("Build information").strongReference(true).register(registry);
    }

    /**
     * Adds the JVM's and the process's own metrics (memory, GC, threads, classes, CPU, uptime). Apart from the
     * constructor because they load some 300 classes of JMX: the daemon binds them once it is ready.
     */
    public synchronized void bindJvm() {
        if (gc != null) {
            return;
        }
        gc = new JvmGcMetrics();
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private static Duration ms(long ms) {
        return Duration.ofMillis(ms);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    public String scrape(String contentType) {
        return registry.scrape(contentType);
    }

    // ------------------------------------------------------------------ containers

    public synchronized void health(String key, Who who, Health status) {
        Tags tags = tags(who);
        for (Health s : Health.values()) {
            health.set(key + '/' + s.wire(), tags.and("status", s.wire()), s == status ? 1 : 0);
        }
    }

    public synchronized void forget(String key) {
        for (Health s : Health.values()) {
            health.remove(key + '/' + s.wire());
        }
        clearActive(key);
        failingStreaks.remove(key);
        crashLoops.remove(key);
        flapping.remove(key);
    }

    /** The container's failing streak of health probes (0 after a passing one). */
    public synchronized void failingStreak(String key, Who who, int streak) {
        failingStreaks.set(key, tags(who), streak);
    }

    /** The engine restarted the container {@code n} more times (its restart policy). */
    public void restarted(Who who, int n) {
        if (n > 0) {
            registry.counter("dockmedic.restarts", "project", who.project(), "service", who.service()).increment(n);
        }
    }

    /** Whether the container is in a crash loop now (the series is dropped when not). */
    public synchronized void crashLoop(String key, Who who, boolean looping) {
        if (looping) {
            crashLoops.set(key, tags(who), 1);
        } else {
            crashLoops.remove(key);
        }
    }

    /** Whether the container's health flaps now (the series is dropped when not). */
    public synchronized void flapping(String key, Who who, boolean flaps) {
        if (flaps) {
            flapping.set(key, tags(who), 1);
        } else {
            flapping.remove(key);
        }
    }

    public void unhealthyTransition(Who who) {
        registry.counter("dockmedic.unhealthy.transitions", "project", who.project(), "service", who.service()).increment();
    }

    /**
     * A new task container of a Swarm service failed after another one of the same service did: Swarm
     * replaced the unhealthy task (a crash loop seen through Swarm's eyes).
     */
    public void swarmTaskReplaced(Who who) {
        registry.counter("dockmedic.swarm.task.replacements", "project", who.project(), "service", who.service()).increment();
    }

    /** A report was made: count it, export its top diagnosis as active, record the latency. */
    public void diagnosed(String key, Who who, Report report, long eventTimeNanos) {
        Diagnosis top = report.top();
        registry.counter("dockmedic.diagnoses", "project", who.project(), "service", who.service(),
                "rule", top.rule(), "category", top.category().id(), "severity", top.severity().id()).increment();
        if (!report.matched()) {
            registry.counter("dockmedic.unclassified", "project", who.project(), "service", who.service(),
                    "signature", boundedSignature(report.signature())).increment();
        }
        synchronized (this) {
            export(key, who, top);
        }
        if (eventTimeNanos > 0) {
            long nanos = System.currentTimeMillis() * 1_000_000L - eventTimeNanos;
            latency.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        }
    }

    /** Re-exports a container's active diagnosis after its root-cause marking changed (nothing counted). */
    public synchronized void reexport(String key, Who who, Report report) {
        export(key, who, report.top());
    }

    public synchronized void clearActive(String key) {
        active.remove(key);
        roots.remove(key);
    }

    /** Exports a container's active diagnosis, and its root-cause series if it is a root. */
    private void export(String key, Who who, Diagnosis d) {
        active.set(key, tags(who).and("rule", d.rule(), "category", d.category().id(), "severity", d.severity().id()), 1);
        if (d.symptomOf() == null && !d.isUnclassified()) {
            roots.set(key, Tags.of("project", who.project(), "service", who.service(), "rule", d.rule(),
                    "category", d.category().id()), 1);
        } else {
            roots.remove(key);
        }
    }

    private synchronized String boundedSignature(String sig) {
        if (signatures.contains(sig)) {
            return sig;
        }
        if (signatures.size() < MAX_SIGNATURES) {
            signatures.add(sig);
            return sig;
        }
        return OTHER;
    }

    private static Tags tags(Who who) {
        return Tags.of("project", who.project(), "service", who.service(), "container", who.container());
    }

    /**
     * The services of a compose project by state (the project check's counts), or null to drop the
     * project's series (it stopped running, or its compose files became unreadable). Bounded:
     * projects times states.
     */
    public synchronized void composeServices(String project, Map<String, Integer> counts) {
        if (counts == null) {
            composeCounts.remove(project);
        } else {
            composeCounts.put(project, Map.copyOf(counts));
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        composeCounts.forEach((p, byState) -> byState.forEach((state, n) -> rows.add(
                MultiGauge.Row.of(Tags.of("project", p, "state", state), n))));
        composeServices.register(rows, true);
    }

    // ------------------------------------------------------------------ remediation

    /** One remediation decision: succeeded, failed, skipped, dry_run or blocked. */
    public void remediation(String project, String service, String playbook, String outcome) {
        registry.counter("dockmedic.remediations", "project", project, "service", service, "playbook", playbook,
                "outcome", outcome).increment();
    }

    /** One notification to one target: sent, failed, dropped or rate_limited (target names come from the config). */
    public void notification(String target, String outcome) {
        registry.counter("dockmedic.notifications", "target", target, "outcome", outcome).increment();
    }

    /** The state of a service's circuit breaker (exported once known, 0 or 1). */
    public synchronized void circuitOpen(String project, String service, boolean open) {
        circuitOpen.put(Tags.of("project", project, "service", service), open ? 1 : 0);
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        circuitOpen.forEach((t, v) -> rows.add(MultiGauge.Row.of(t, v)));
        circuits.register(rows, true);
    }

    // ------------------------------------------------------------------ agent

    public void event(String action) {
        registry.counter("dockmedic.docker.events", "action", action).increment();
    }

    public void streamUp(boolean up) {
        streamUp.set(up ? 1 : 0);
    }

    public boolean isStreamUp() {
        return streamUp.get() == 1;
    }

    public void reconnected() {
        reconnects.increment();
    }

    /** Exports {@code dockmedic_watch_backlog}: work accepted from the engine and not started yet. */
    public void backlog(IntSupplier backlog) {
        Gauge.builder("dockmedic.watch.backlog", backlog, IntSupplier::getAsInt).strongReference(true)
                .description("Engine events, reconciles and refreshes accepted and not started yet (the dispatch "
                        + "queue plus the lanes); near 0 while the agent keeps up").register(registry);
    }

    /**
     * Publishes {@code dockmedic_rule_info} for exactly these rules plus {@code unclassified}: rule,
     * category, severity and the title and remedy in English and Chinese. Rule texts are static (no
     * log line, no secret) and bounded by the rule count, so dashboards and alerts can show the
     * remedy of an active diagnosis with {@code * on(rule) group_left(remedy_en) dockmedic_rule_info}.
     */
    public void ruleInfo(Collection<Rule> rules) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        Diagnosis u = Diagnosis.unclassified(List.of());
        rows.add(infoRow(u.rule(), u.category().id(), u.severity().id(), u.title(), u.remedy()));
        for (Rule r : rules) {
            rows.add(infoRow(r.id(), r.category().id(), r.severity().id(), r.title(), r.remedy()));
        }
        ruleInfo.register(rows, true);
    }

    private static MultiGauge.Row<?> infoRow(String rule, String category, String severity, Text title, Text remedy) {
        return MultiGauge.Row.of(Tags.of("rule", rule, "category", category, "severity", severity,
                "title_en", title.en(), "title_zh", title.get(Lang.ZH),
                "remedy_en", remedy.en().strip(), "remedy_zh", remedy.get(Lang.ZH).strip()), ONE);
    }

    public void rules(int loaded, boolean reloadOk) {
        if (reloadOk) {
            rulesLoaded.set(loaded);
        }
        reloadSuccess.set(reloadOk ? 1 : 0);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (gc != null) {
                gc.close();
            }
        }
        registry.close();
    }
}
