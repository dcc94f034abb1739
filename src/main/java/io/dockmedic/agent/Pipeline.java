package io.dockmedic.agent;

import io.dockmedic.diagnosis.Correlator;
import io.dockmedic.diagnosis.Diagnoser;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.diagnosis.ReportSink;
import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineException;
import io.dockmedic.docker.Labels;
import io.dockmedic.state.Health;
import io.dockmedic.state.Trigger;
import io.dockmedic.evidence.Evidence;
import io.dockmedic.evidence.EvidenceCollector;
import io.dockmedic.evidence.Facts;
import io.dockmedic.metrics.DockmedicMetrics;
import io.dockmedic.stack.ComposeFiles;
import io.dockmedic.stack.ExpectedServices;
import io.dockmedic.stack.InspectCache;
import io.dockmedic.remediation.Remediator;
import io.dockmedic.watch.ContainerRef;
import io.dockmedic.watch.WatchListener;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's data flow for one container transition: diagnosis ({@link DiagnosisService}, the path
 * the CLI takes too), root-cause marking, metrics, log line, and
 * the store of active and recent diagnoses; hands each report to remediation (which returns at
 * once). Called by the watcher on the container's lane.
 */
final class Pipeline implements WatchListener {
    private static final Logger log = LoggerFactory.getLogger("dockmedic.diagnosis");
    private static final int RECENT = 200;

    private final Engine engine;
    /** Compose files named by the projects' labels, parsed once per change (also by the project check). */
    private final ComposeFiles composeFiles = new ComposeFiles();
    /** Stack, evidence, classification: the path the CLI's diagnose takes too. */
    private final DiagnosisService diagnosis;
    private final Correlator correlator = new Correlator();
    private final DockmedicMetrics metrics;
    /** Completed the first time the event stream is up. */
    private final CompletableFuture<Void> streamWasUp = new CompletableFuture<>();
    private final ReportSink reports;
    private final Remediator remediator;
    private final Map<String, Report> active = new ConcurrentHashMap<>();
    /** Which task of each failing Swarm service holds its diagnosis (the key is the service's). */
    private final SwarmTasks swarmTasks = new SwarmTasks();
    /** The diagnoses the project check made, by key, and the projects whose counts are exported. */
    private final Map<String, ContainerRef> checked = new ConcurrentHashMap<>();
    private final Set<String> checkedProjects = ConcurrentHashMap.newKeySet();
    private final Deque<Report> recent = new ArrayDeque<>();
    /** Tells people (Alertmanager, chat, ...); it returns at once. */
    private volatile io.dockmedic.notify.Notifier notifier = io.dockmedic.notify.Notifier.off();
    private final TimelineTracker timelines;

    /**
     * @param reports    also gets every report (the unclassified ones are clustered there)
     * @param remediator decides, off the lane, whether and how to remediate a diagnosed container
     */
    Pipeline(Engine engine, EvidenceCollector collector, Diagnoser diagnoser, DockmedicMetrics metrics, ReportSink reports,
             Remediator remediator) {
        this(engine, collector, diagnoser, metrics, reports, remediator, io.dockmedic.evidence.Timelines.defaults());
    }

    /** @param timelines probe history, crash loops and flapping of every container (config {@code watch.*}) */
    Pipeline(Engine engine, EvidenceCollector collector, Diagnoser diagnoser, DockmedicMetrics metrics, ReportSink reports,
             Remediator remediator, io.dockmedic.evidence.Timelines timelines) {
        this.timelines = new TimelineTracker(timelines, metrics, java.time.Clock.systemUTC());
        this.engine = engine;
        // neighbours' inspect results are shared by the diagnoses of one burst (2 s)
        this.diagnosis = new DiagnosisService(engine, collector, diagnoser, new InspectCache(java.time.Duration.ofSeconds(2)),
                composeFiles);
        this.metrics = metrics;
        this.reports = reports;
        this.remediator = remediator;
    }

    /** The labels of a container's series: a Swarm task is named by its slot, which stays across replacements. */
    static DockmedicMetrics.Who who(ContainerRef ref) {
        return new DockmedicMetrics.Who(ref.project(), ref.serviceOrName(), ref.stableName());
    }

    @Override
    public void health(ContainerRef ref, Health status) {
        if (ref.ignored()) {
            return;
        }
        metrics.health(ref.key(), who(ref), status);
        timelines.health(ref, status);
        if (status == Health.HEALTHY && swarmTasks.heals(ref)) {
            clear(ref); // Swarm's new task in the failing slot works: the service is healthy again
        }
        if (!ref.project().isEmpty()) {
            clearChecked(checkKey(ref.project(), ref.service())); // one of its containers runs again
        }
    }

    @Override
    public void failing(ContainerInfo info, Trigger trigger, long eventTimeNanos, Integer exitCode) {
        ContainerRef ref = ContainerRef.of(info);
        if (ref.ignored()) {
            log.debug("{} is labelled dockmedic.ignore=true: not diagnosed", ref.name());
            return;
        }
        if (trigger == Trigger.REFRESH && !swarmTasks.holds(ref)) {
            return; // a Swarm task that a newer failing task replaced (killed, it still inspects unhealthy)
        }
        if (trigger == Trigger.UNHEALTHY || trigger == Trigger.RECONCILE) {
            metrics.unhealthyTransition(who(ref));
        }
        PhaseTimes times = new PhaseTimes(eventTimeNanos);
        Optional<DiagnosisService.Diagnosed> diagnosed = diagnosis.diagnose(info, trigger, eventTimeNanos, exitCode, times);
        if (diagnosed.isEmpty()) {
            return; // a refresh the engine could not feed
        }
        Report report = timelines.failing(info, exitCode, diagnosed.get().report());
        Report before = active.get(ref.key());
        boolean refresh = trigger == Trigger.REFRESH;
        boolean replacement = swarmTasks.failing(ref);
        if (replacement) {
            metrics.swarmTaskReplaced(who(ref));
        }
        // a refresh (or a Swarm task's replacement) that finds the same cause keeps the fresher evidence but
        // counts and logs nothing; so does the same cause again within a crash loop or flapping that goes on
        // (one finding, not one per turn)
        boolean quiet = (refresh || replacement) && before != null && before.top().rule().equals(report.top().rule())
                || TimelineTracker.continues(before, report);
        if (refresh && before != null && !quiet) {
            log.info("{} container={}: the cause changed from {} to {}", ref.serviceOrName(), ref.name(),
                    before.top().rule(), report.top().rule());
        }
        report = publish(ref, diagnosed.get().dependsOn(), report, quiet, eventTimeNanos);
        times.exported(ref.name(), trigger.wire());
        if (!quiet) {
            remediator.failing(report, info);
        }
    }

    /**
     * Records a report as active under {@code ref.key()}, re-marks its stack's root cause, exports
     * what changed and, unless {@code quiet} (the same cause again), counts, keeps and logs it.
     * Returns the report with its symptom marking.
     */
    private Report publish(ContainerRef ref, Set<String> dependsOn, Report report, boolean quiet, long eventTimeNanos) {
        List<Correlator.Entry> changed = correlator.put(new Correlator.Entry(ref.key(), ref.project(), ref.serviceOrName(),
                dependsOn, report));
        for (Correlator.Entry e : changed) {
            active.put(e.key(), e.report());
            notifier.diagnosed(e.key(), e.report());
            if (e.key().equals(ref.key()) && !quiet) {
                report = e.report();
                metrics.diagnosed(ref.key(), who(ref), report, eventTimeNanos);
            } else {
                metrics.reexport(e.key(), e.key().equals(ref.key()) ? who(ref) : who(e), e.report());
                if (!e.key().equals(ref.key())) {
                    log.info("{}/{} container={} is now a {}", e.project(), e.service(), e.report().container(),
                            e.report().symptomOf() == null ? "root cause" : "symptom of " + e.report().symptomOf());
                }
            }
        }
        if (!quiet) {
            synchronized (recent) {
                recent.addFirst(report);
                while (recent.size() > RECENT) {
                    recent.removeLast();
                }
            }
            reports.accept(report);
            DiagnosisLogLine.log(ref, report);
        }
        return report;
    }

    // ------------------------------------------------------------------ expected services

    /**
     * The troubleshooting page's "6 containers" check, for every compose project with a started container whose
     * compose files are readable: a service that should run and does not is diagnosed through the
     * rules ({@code compose-service-missing}, {@code compose-service-exited}) under the key
     * {@code compose:PROJECT/SERVICE}, takes part in the root-cause marking with the depends_on of
     * the files, and is cleared when it runs again (here, or at once when one of its containers
     * starts: {@link #health}). An exited service whose container the watcher diagnosed already
     * (a crash it saw) keeps that better-founded diagnosis.
     */
    @Override
    public void checkProjects(Trigger trigger) {
        if (trigger == Trigger.REFRESH) {
            timelines.tick(this::recovered);
        }
        swarmTasks.gone(engine).forEach(this::gone); // their task containers all went unseen (stream down)
        List<Engine.Member> all;
        try {
            all = engine.composeContainers();
        } catch (EngineException e) {
            log.debug("project check ({}) skipped: {}", trigger, e.getMessage());
            return;
        }
        Map<String, List<Engine.Member>> byProject = new TreeMap<>();
        all.forEach(m -> byProject.computeIfAbsent(m.project(), p -> new ArrayList<>()).add(m));
        Set<String> gaps = new HashSet<>();
        Set<String> projects = new HashSet<>();
        byProject.forEach((project, members) -> members.stream().filter(Engine.Member::up).findFirst()
                .flatMap(up -> composeFiles.project(up.labels()))
                .ifPresent(compose -> {
                    projects.add(project);
                    ExpectedServices.Outcome outcome = ExpectedServices.compare(project, compose, members, Instant.now());
                    metrics.composeServices(project, outcome.counts());
                    for (ExpectedServices.Gap gap : outcome.gaps()) {
                        gaps.add(checkKey(project, gap.service()));
                        diagnoseGap(gap, trigger);
                    }
                }));
        checked.keySet().stream().filter(k -> !gaps.contains(k)).toList().forEach(this::clearChecked);
        checkedProjects.stream().filter(p -> !projects.contains(p)).toList().forEach(p -> metrics.composeServices(p, null));
        checkedProjects.retainAll(projects);
        checkedProjects.addAll(projects);
    }

    private static String checkKey(String project, String service) {
        return "compose:" + project + "/" + service;
    }

    private void diagnoseGap(ExpectedServices.Gap gap, Trigger trigger) {
        String key = checkKey(gap.project(), gap.service());
        boolean seenByWatcher = active.entrySet().stream().anyMatch(e -> !e.getKey().equals(key)
                && e.getValue().project().equals(gap.project()) && e.getValue().serviceOrName().equals(gap.service()));
        if (seenByWatcher) {
            return;
        }
        String fact = gap.state() == ExpectedServices.State.MISSING ? Facts.COMPOSE_SERVICE_MISSING : Facts.COMPOSE_SERVICE_EXITED;
        Map<String, String> labels = Map.of(Labels.PROJECT, gap.project(), Labels.SERVICE, gap.service());
        Evidence evidence = Evidence.builder().containerName(gap.container()).containerId(gap.containerId())
                .project(gap.project()).service(gap.service()).trigger(trigger).logLines(List.of(gap.evidence()))
                .labels(labels).facts(Set.of(fact)).build();
        Report report = diagnosis.classify(evidence);
        Report before = active.get(key);
        boolean quiet = before != null && before.top().rule().equals(report.top().rule());
        ContainerRef ref = new ContainerRef(key, gap.container(), gap.project(), gap.service(), labels);
        checked.put(key, ref);
        publish(ref, gap.dependsOn(), report, quiet, 0L);
    }

    private void clearChecked(String key) {
        ContainerRef ref = checked.remove(key);
        if (ref != null) {
            recovered(ref);
        }
    }

    private static DockmedicMetrics.Who who(Correlator.Entry e) {
        return new DockmedicMetrics.Who(e.project(), e.service(), e.report().container());
    }

    private void forget(String key) {
        for (Correlator.Entry e : correlator.remove(key)) {
            active.put(e.key(), e.report());
            metrics.reexport(e.key(), who(e), e.report());
        }
    }

    @Override
    public void recovered(ContainerRef ref) {
        if (!swarmTasks.holds(ref)) {
            return; // a Swarm task that a newer failing task of its service replaced
        }
        if (timelines.holdsRecovery(ref, active.containsKey(ref.key()))) {
            log.debug("{} container={} recovered, but its crash loop or flapping holds: diagnosis kept",
                    ref.serviceOrName(), ref.name());
            return;
        }
        clear(ref);
    }

    /** The container (for a Swarm task: its service) is healthy again: its diagnosis ends. */
    private void clear(ContainerRef ref) {
        swarmTasks.recovered(ref.key());
        Report was = active.remove(ref.key());
        metrics.clearActive(ref.key());
        forget(ref.key());
        remediator.recovered(ref.id());
        notifier.cleared(ref.key(), false);
        if (was != null) {
            log.info("recovered {} container={}: cleared {}", ref.serviceOrName(), ref.name(), was.top().rule());
        }
    }

    /**
     * The container is gone, or no longer runs (a reconcile forgets those). A Swarm task's service keeps its
     * diagnosis and series while it has a task container left (Swarm kills a failing task, keeps it exited in its
     * task history and starts another): it ends with a healthy task of the failing slot ({@link #health}), or when
     * no task container of the service is left (the service or stack was removed).
     */
    @Override
    public void removed(ContainerRef ref) {
        timelines.removed(ref);
        remediator.recovered(ref.id());
        if (SwarmTasks.swarm(ref) && SwarmTasks.remains(engine, ref.key())) {
            return;
        }
        gone(ref.key());
    }

    private void gone(String key) {
        swarmTasks.recovered(key);
        active.remove(key);
        metrics.forget(key);
        forget(key);
        notifier.cleared(key, true);
    }

    /** Where diagnoses and their clearing are told from now on. */
    void notifier(io.dockmedic.notify.Notifier n) {
        notifier = n;
    }

    @Override
    public void started(ContainerInfo info) {
        if (!ContainerRef.of(info).ignored()) {
            timelines.started(info);
        }
    }

    @Override
    public void event(String kind) {
        metrics.event(kind);
    }

    /** Completes the first time the engine's event stream is up (the agent is ready then). */
    CompletionStage<Void> streamWasUp() {
        return streamWasUp.minimalCompletionStage();
    }

    @Override
    public void streamUp(boolean up) {
        if (up && !metrics.isStreamUp()) {
            StartupTimes.mark("event stream up");
        }
        metrics.streamUp(up);
        if (up) {
            streamWasUp.complete(null);
        }
    }

    @Override
    public void reconnected() {
        metrics.reconnected();
        log.info("engine event stream re-subscribed");
    }

    @Override
    public void dropped() {
        metrics.event("dropped");
    }

    /** Active reports, by container id (by {@code swarm:PROJECT/SERVICE} for a Swarm task). */
    Map<String, Report> active() {
        return Map.copyOf(active);
    }

    /** How many Swarm services have a failing task remembered (bounded: see {@link SwarmTasks}). */
    int swarmServices() {
        return swarmTasks.size();
    }

    List<Report> recent() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }
}
