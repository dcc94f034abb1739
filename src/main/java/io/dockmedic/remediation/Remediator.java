package io.dockmedic.remediation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockmedic.config.Config;
import io.dockmedic.config.Config.Remediation.Mode;
import io.dockmedic.config.Config.Remediation.Scope;
import io.dockmedic.diagnosis.Diagnosis;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineException;
import io.dockmedic.docker.Labels;
import io.dockmedic.journal.Journal;
import io.dockmedic.journal.Posix;
import io.dockmedic.journal.StateDir;
import io.dockmedic.journal.StateFile;
import io.dockmedic.metrics.DockmedicMetrics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remediation engine. The pipeline hands it each diagnosis ({@link #failing}, never blocking the
 * watcher lane) and each recovery. After the grace period it re-inspects the container and decides:
 * skip (not opted in, no longer unhealthy), block (paused, symptom of an unhealthy root, back-off,
 * budget spent, project limit), dry-run, or run the playbook on one of {@code max_concurrent}
 * {@code dockmedic-remediation-N} threads. A playbook that does not bring the container back to
 * healthy escalates (webhook + {@code failed}); when the budget is spent the breaker opens and an
 * alert is sent. Every decision goes to the {@link Journal} and to
 * {@code dockmedic_remediations_total{outcome}}.
 */
public final class Remediator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("dockmedic.remediation");
    public static final String STATE_FILE = "remediation-state.json";
    /** The reason a flapping container is not restarted (a restart would only hide it). */
    static final String FLAPPING = "flapping: its health keeps changing, a restart would only hide it";
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration CONTROL_POLL = Duration.ofMillis(500);

    /** A diagnosed container waiting for a decision. */
    private record Candidate(Report report, Map<String, String> labels, Instant since) {
        String project() {
            return report.project();
        }

        String service() {
            return report.serviceOrName();
        }
    }

    private final Config.Remediation cfg;
    private final Path stateDir;
    private final Engine engine;
    private final DockmedicMetrics metrics;
    private final Map<String, Playbook> playbooks;
    private final Clock clock;
    private final Envelope envelope;
    private final ControlPoller control;
    private final Journal journal;
    private final Webhook webhook;
    private final ScheduledThreadPoolExecutor timer;
    private final ThreadPoolExecutor workers;
    private final Map<String, Candidate> candidates = new ConcurrentHashMap<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    /** Containers asked to be looked at while a look at them was running. */
    private final Set<String> again = ConcurrentHashMap.newKeySet();

    public Remediator(Config.Remediation cfg, Path stateDir, Engine engine, DockmedicMetrics metrics,
                      Map<String, Playbook> playbooks, Clock clock) throws IOException {
        this.cfg = cfg;
        this.stateDir = stateDir;
        this.engine = engine;
        this.metrics = metrics;
        this.playbooks = Map.copyOf(playbooks);
        this.clock = clock;
        StateDir state = StateDir.open(stateDir); // refuses a directory others could write: a startup error
        if (!state.checkSub(Control.DIR)) {
            // made by the agent, so it is the agent's: the CLI (often root) only adds files to it
            Files.createDirectory(state.resolve(Control.DIR), Posix.mode(Posix.DIR_MODE));
        }
        this.journal = new Journal(state.path(), 10L << 20, 5, clock);
        this.envelope = new Envelope(cfg, clock, new StateFile<>(state.resolve(STATE_FILE), Envelope.State.class,
                state::trustedOwner));
        this.control = new ControlPoller(new ControlPoller.Dir(state),
                new StateFile<>(state.resolve(ControlPoller.APPLIED_FILE), ControlPoller.Applied.class,
                        state::trustedOwner), clock, this::apply);
        this.webhook = new Webhook(Duration.ofSeconds(5), 3, Duration.ofMillis(500), result -> {
            ObjectNode r = Journal.record("webhook");
            r.put("result", result);
            journal.append(r);
        });
        this.timer = new ScheduledThreadPoolExecutor(1, named("dockmedic-remediation-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(cfg.maxConcurrent(), cfg.maxConcurrent(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(256), r -> named("dockmedic-remediation-" + n.incrementAndGet()).newThread(r));
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Publishes the saved breaker states, journals the start, and begins reading control requests. */
    public void start() {
        envelope.state().services().forEach(s -> metrics.circuitOpen(s.project(), s.service(), s.openedAt() > 0));
        ObjectNode r = Journal.record("agent-start");
        r.put("mode", cfg.mode().id());
        r.put("scope", cfg.scope().id());
        journal.append(r);
        timer.scheduleWithFixedDelay(control::poll, 0, CONTROL_POLL.toMillis(), TimeUnit.MILLISECONDS);
        log.info("remediation {} (scope {}), {} playbooks, state in {}", cfg.mode().id(), cfg.scope().id(), playbooks.size(), stateDir);
    }

    // ------------------------------------------------------------------ from the pipeline (lane threads)

    /** A container was diagnosed: journal it and decide after the grace period. Returns at once. */
    public void failing(Report report, ContainerInfo info) {
        Instant since = report.eventTimeNanos() > 0
                ? Instant.ofEpochSecond(0, report.eventTimeNanos()) : clock.instant();
        candidates.put(info.id(), new Candidate(report, info.labels(), since));
        later(0, () -> {
            Diagnosis d = report.top();
            ObjectNode r = who(Journal.record("diagnosis"), report);
            r.put("rule", d.rule()).put("category", d.category().id()).put("severity", d.severity().id())
                    .put("trigger", report.trigger());
            if (d.symptomOf() != null) {
                r.put("symptom_of", printable(d.symptomOf()));
            }
            journal.append(r);
        });
        schedule(info.id(), envelope.graceEnds(since));
    }

    /** The container is healthy again (or gone): nothing left to decide for it. */
    public void recovered(String containerId) {
        candidates.remove(containerId);
    }

    // ------------------------------------------------------------------ decisions

    /** How soon a candidate that was in its start period or restarting is looked at again. */
    static final Duration RECHECK = Duration.ofSeconds(1);

    private void schedule(String id, Instant at) {
        later(Duration.between(clock.instant(), at).toMillis(), () -> submit(id));
    }

    /** Runs on the timer thread after {@code delayMillis}; nothing once closed. */
    private void later(long delayMillis, Runnable task) {
        try {
            timer.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void submit(String id) {
        try {
            workers.execute(() -> evaluate(id));
        } catch (RejectedExecutionException e) {
            Candidate c = candidates.get(id);
            if (c != null && !workers.isShutdown()) {
                decision(c, "-", "skipped", "remediation queue full");
            }
        }
    }

    private void evaluate(String id) {
        Candidate c = candidates.get(id);
        if (c == null) {
            return;
        }
        if (!running.add(id)) {
            // another worker is deciding on it (e.g. it scheduled this very look before it finished):
            // look again once it is done, rather than lose this look
            again.add(id);
            if (running.contains(id) || !again.remove(id)) {
                return;
            }
            submit(id); // it finished in between
            return;
        }
        try {
            decide(id, c);
        } catch (RuntimeException e) {
            log.warn("remediation of {} failed unexpectedly: {}", c.report().container(), e.toString());
        } finally {
            running.remove(id);
            if (again.remove(id)) {
                submit(id);
            }
        }
    }

    private void decide(String id, Candidate c) {
        if (cfg.scope() != Scope.ALL && !"true".equalsIgnoreCase(c.labels().getOrDefault(Labels.REMEDIATE, ""))) {
            candidates.remove(id, c);
            decision(c, "-", "skipped", "not opted in (label dockmedic.remediate=true or remediation.scope: all)");
            return;
        }
        Optional<ContainerInfo> now;
        try {
            now = engine.inspect(id);
        } catch (EngineException e) {
            log.warn("{}: cannot inspect before remediation: {}", c.report().container(), e.getMessage());
            return;
        }
        if (now.isEmpty()) {
            candidates.remove(id, c);
            return;
        }
        ContainerInfo info = now.get();
        String why = Envelope.notActionable(info.healthStatus(), info.running(), info.restarting());
        if (why != null) {
            if ("healthy again".equals(why)) {
                candidates.remove(id, c);
            } else if (info.restarting() || "starting".equals(info.healthStatus())) {
                // not now (start period, restarting), but the container is still a candidate: look again,
                // or a container that stays unhealthy after its start period would never be seen again
                schedule(id, clock.instant().plus(RECHECK));
            }
            return;
        }
        Instant graceEnds = envelope.graceEnds(c.since());
        if (clock.instant().isBefore(graceEnds)) {
            schedule(id, graceEnds);
            return;
        }
        String name = playbookName(c.report().top(), info.labels());
        Playbook pb = playbooks.get(name);
        if (pb == null) {
            candidates.remove(id, c);
            decision(c, name, "skipped", "unknown playbook " + name + " (known: " + String.join(", ", playbooks.keySet()) + ")");
            return;
        }
        String root = c.report().top().symptomOf();
        if (root != null) {
            candidates.remove(id, c);
            decision(c, name, "blocked", "symptom of " + root + ": fix the root cause first");
            return;
        }
        if (c.report().flapping()) {
            candidates.remove(id, c);
            decision(c, name, "blocked", Remediator.FLAPPING);
            return;
        }
        if (!pb.acts()) {
            candidates.remove(id, c);
            if (cfg.mode() == Mode.ENFORCE) {
                run(pb, info, c);
            }
            decision(c, name, cfg.mode() == Mode.ENFORCE ? "skipped" : "dry_run", "advise only: " + steps(pb));
            return;
        }
        Envelope.Verdict v = envelope.check(c.project(), c.service());
        if (!v.allowed()) {
            decision(c, name, "blocked", v.reason());
            if (v.opened()) {
                circuitOpened(c, name);
            }
            if (v.retryAt() != null) {
                schedule(id, v.retryAt());
            }
            return;
        }
        if (cfg.mode() == Mode.DRY_RUN) {
            candidates.remove(id, c);
            decision(c, name, "dry_run", "would run " + steps(pb));
            return;
        }
        envelope.attempt(c.project(), c.service());
        ObjectNode started = who(Journal.record("action"), c.report());
        started.put("playbook", name).put("state", "started").put("steps", steps(pb));
        journal.append(started);
        String failure = run(pb, info, c);
        if (failure == null) {
            candidates.remove(id, c);
            decision(c, name, "succeeded", "healthy after " + steps(pb));
            return;
        }
        decision(c, name, "failed", failure);
        notify(null, "escalation", c, name, "failed", failure);
        if (envelope.failed(c.project(), c.service())) {
            circuitOpened(c, name);
        } else {
            schedule(id, clock.instant());
        }
    }

    /** The rule's notify-only is a floor (its remedy could destroy data); otherwise label, rule, default. */
    static String playbookName(Diagnosis d, Map<String, String> labels) {
        if (Playbook.NOTIFY_ONLY.equals(d.playbook())) {
            return Playbook.NOTIFY_ONLY;
        }
        String label = labels.getOrDefault(Labels.PLAYBOOK, "").strip();
        if (!label.isEmpty()) {
            return label;
        }
        return d.playbook() != null ? d.playbook() : Playbook.DEFAULT;
    }

    private void circuitOpened(Candidate c, String playbook) {
        metrics.circuitOpen(c.project(), c.service(), true);
        String reason = "restart budget of " + cfg.budget() + " in " + cfg.budgetWindow()
                + " spent; no more remediation until `dockmedic remediation rearm " + c.service() + "`"
                + " or the cool-off of " + cfg.coolOff() + " passes";
        log.warn("circuit open for {}/{}: {}", c.project(), c.service(), reason);
        ObjectNode r = who(Journal.record("circuit"), c.report());
        r.put("state", "open").put("reason", reason);
        journal.append(r);
        notify(null, "circuit_open", c, playbook, "blocked", reason);
    }

    // ------------------------------------------------------------------ steps

    /** Runs the steps; returns null on success or why it failed. */
    private String run(Playbook pb, ContainerInfo info, Candidate c) {
        for (Playbook.Step s : pb.steps()) {
            try {
                String failed = switch (s.kind()) {
                    case RESTART -> restart(s, info);
                    case RESTART_DEPENDENTS -> restartDependents(s, info);
                    case WAIT_HEALTHY -> waitHealthy(info.id(), s.timeout());
                    case EXEC -> {
                        int code = engine.exec(info.id(), s.command(), s.timeout());
                        yield code == 0 ? null : "exec " + s.command().get(0) + " exited with code " + code;
                    }
                    case STOP -> {
                        engine.stop(info.id(), seconds(s.timeout()));
                        yield null;
                    }
                    case WEBHOOK, NOTIFY_ONLY -> {
                        notify(s.url(), "notify", c, pb.name(), "running", "step of " + pb.name());
                        yield null;
                    }
                };
                if (failed != null) {
                    return s.kind().id() + ": " + failed;
                }
            } catch (EngineException e) {
                return s.kind().id() + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return s.kind().id() + ": interrupted (agent stopping)";
            }
        }
        return null;
    }

    private String restart(Playbook.Step s, ContainerInfo info) throws EngineException {
        if (s.service() == null) {
            engine.restart(info.id(), seconds(s.timeout()));
            return null;
        }
        List<ContainerInfo> targets = project(info.project(), t -> s.service().equals(t.service()));
        if (targets.isEmpty()) {
            return "no running container of service " + s.service() + " in project " + info.project();
        }
        for (ContainerInfo t : targets) {
            engine.restart(t.id(), seconds(s.timeout()));
        }
        return null;
    }

    private String restartDependents(Playbook.Step s, ContainerInfo info) throws EngineException {
        String service = info.service();
        for (ContainerInfo t : project(info.project(), t -> dependsOn(t, service))) {
            engine.restart(t.id(), seconds(s.timeout()));
        }
        return null;
    }

    /** Compose writes depends_on as {@code svc:condition:restart,svc2:...}. */
    static boolean dependsOn(ContainerInfo c, String service) {
        for (String entry : c.labels().getOrDefault(Labels.DEPENDS_ON, "").split(",")) {
            if (!service.isEmpty() && entry.strip().split(":")[0].equals(service)) {
                return true;
            }
        }
        return false;
    }

    private List<ContainerInfo> project(String project, java.util.function.Predicate<ContainerInfo> which) throws EngineException {
        List<ContainerInfo> out = new ArrayList<>();
        if (project.isEmpty()) {
            return out;
        }
        for (String id : engine.runningContainerIds()) {
            engine.inspect(id).filter(i -> project.equals(i.project()) && which.test(i)).ifPresent(out::add);
        }
        return out;
    }

    private String waitHealthy(String id, Duration timeout) throws EngineException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "gone";
        while (System.nanoTime() < deadline) {
            Optional<ContainerInfo> i = engine.inspect(id);
            if (i.isEmpty()) {
                return "container gone";
            }
            ContainerInfo ci = i.get();
            last = ci.restarting() ? "restarting" : ci.healthStatus();
            if (!ci.restarting() && ci.running() && ("healthy".equals(ci.healthStatus()) || !ci.hasHealthcheck())) {
                return null;
            }
            Thread.sleep(POLL.toMillis());
        }
        return "not healthy within " + timeout.toMillis() + " ms (last: " + last + ")";
    }

    private static int seconds(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toSeconds()));
    }

    private static String steps(Playbook pb) {
        return String.join(" -> ", pb.steps().stream().map(s -> s.kind().id() + (s.service() == null ? "" : " " + s.service())).toList());
    }

    // ------------------------------------------------------------------ journal, metrics, webhooks

    private void decision(Candidate c, String playbook, String outcome, String reason) {
        metrics.remediation(c.project(), c.service(), playbook, outcome);
        ObjectNode r = who(Journal.record("decision"), c.report());
        r.put("playbook", playbook).put("outcome", outcome).put("reason", reason).put("mode", cfg.mode().id());
        journal.append(r);
        log.info("remediation {} {}/{} playbook={} container={}: {}", outcome, c.project(), c.service(), playbook,
                c.report().container(), reason);
    }

    private void notify(URI url, String event, Candidate c, String playbook, String outcome, String reason) {
        URI to = url != null ? url : cfg.webhookUrl().orElse(null);
        if (to == null) {
            return;
        }
        webhook.send(to, notification(c.report(), event, playbook, outcome, reason, cfg.mode().id(), clock.instant()));
    }

    /**
     * The JSON a webhook receives: who, what happened and the diagnosis, its evidence redacted once more
     * (it was when collected) and names escaped: the payload leaves the process.
     */
    public static ObjectNode notification(Report report, String event, String playbook, String outcome, String reason,
                                          String mode, java.time.Instant time) {
        Diagnosis d = report.top();
        ObjectNode body = who(Journal.record("dockmedic"), report);
        body.remove("type");
        body.put("event", event).put("playbook", playbook).put("outcome", outcome).put("reason", reason)
                .put("mode", mode).put("time", time.toString());
        ObjectNode dn = body.putObject("diagnosis");
        dn.put("rule", d.rule()).put("category", d.category().id()).put("severity", d.severity().id())
                .put("title", d.title().en()).put("remedy", d.remedy().en());
        if (d.symptomOf() != null) {
            dn.put("symptom_of", printable(d.symptomOf()));
        }
        ArrayNode ev = dn.putArray("evidence");
        io.dockmedic.text.Redactor.generic().redactAll(d.evidence()).forEach(ev::add);
        return body;
    }

    /** Outside text (names from container labels) as it may go into the journal and webhooks: escaped. */
    private static String printable(String s) {
        return io.dockmedic.text.Printable.escape(s);
    }

    /** Names from container labels go into the journal and webhooks with control and bidi characters escaped. */
    private static ObjectNode who(ObjectNode n, Report r) {
        return n.put("project", printable(r.project())).put("service", printable(r.serviceOrName()))
                .put("container", printable(r.container()));
    }

    // ------------------------------------------------------------------ control (CLI requests)

    /** Applies one control request (exactly once per id: {@link ControlPoller}); returns the answer for the CLI. */
    private String apply(RequestId id, ControlRequest req) {
        ObjectNode r = Journal.record("control");
        r.put("id", id.value());
        r.setAll(req.toJson());
        journal.append(r);
        if (req instanceof ControlRequest.Rearm rearm) {
            List<Envelope.Service> hit = envelope.rearm(rearm.service());
            hit.forEach(s -> metrics.circuitOpen(s.project(), s.service(), false));
            log.info("remediation rearmed for {}", rearm.service());
            reconsider();
            return hit.isEmpty() ? "nothing to rearm: no remediation state for " + rearm.service()
                    : "rearmed " + String.join(", ", hit.stream().map(s -> s.project() + "/" + s.service()).toList());
        }
        if (req instanceof ControlRequest.Pause pause) {
            Instant until = envelope.pause(pause.duration().orElse(null));
            log.info("remediation paused{}", until == null ? "" : " until " + until);
            return until == null ? "paused until resumed" : "paused until " + until;
        }
        envelope.resume();
        log.info("remediation resumed");
        reconsider();
        return "resumed";
    }

    /** After a rearm or resume: look again at every container still waiting for a decision. */
    private void reconsider() {
        candidates.keySet().forEach(id -> schedule(id, clock.instant()));
    }

    /** Stops timers, playbooks (interrupted) and webhooks; the journal and state are already on disk. */
    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
        webhook.close();
        journal.close();
    }
}
