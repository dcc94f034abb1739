package io.dockmedic.remediation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockmedic.config.Config;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineException;
import io.dockmedic.journal.Journal;
import io.dockmedic.journal.Posix;
import io.dockmedic.journal.StateDir;
import io.dockmedic.journal.StateFile;
import io.dockmedic.metrics.DockmedicMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remediation engine, composed of parts with one job each. The pipeline hands it each diagnosis
 * ({@link #failing}, never blocking the watcher lane) and each recovery. After the grace period a
 * {@code dockmedic-remediation-N} thread re-inspects the container, asks the {@link DecisionPolicy}
 * (which asks the {@link Envelope}) and carries the {@link Decision} out: records it ({@link Recorder}:
 * journal, metrics, {@link RemediationListener}s such as the {@link WebhookListener}), looks again
 * later, or runs the playbook ({@link PlaybookRunner}). Control requests from the CLI go to the
 * {@link ControlHandler}. This class only schedules and composes.
 */
public final class Remediator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("dockmedic.remediation");
    public static final String STATE_FILE = "remediation-state.json";
    private static final Duration CONTROL_POLL = Duration.ofMillis(500);

    private final Config.Remediation cfg;
    private final Path stateDir;
    private final Engine engine;
    private final DockmedicMetrics metrics;
    private final Clock clock;
    private final Envelope envelope;
    private final ControlPoller control;
    private final ControlHandler controlHandler;
    private final Recorder recorder;
    private final WebhookListener webhook;
    private final PlaybookRunner runner;
    private volatile DecisionPolicy policy;
    private final PlaybookReload reload;
    private final ScheduledThreadPoolExecutor timer;
    private final ThreadPoolExecutor workers;
    private final Map<String, Candidate> candidates = new ConcurrentHashMap<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    /** Containers asked to be looked at while a look at them was running. */
    private final Set<String> again = ConcurrentHashMap.newKeySet();

    public Remediator(Config.Remediation cfg, Path stateDir, Engine engine, DockmedicMetrics metrics,
                      Map<String, Playbook> playbooks, Clock clock) throws IOException {
        this(cfg, stateDir, engine, metrics, playbooks, clock, HealthWait.Ticker.SYSTEM);
    }

    Remediator(Config.Remediation cfg, Path stateDir, Engine engine, DockmedicMetrics metrics,
               Map<String, Playbook> playbooks, Clock clock, HealthWait.Ticker ticker) throws IOException {
        this.cfg = cfg;
        this.stateDir = stateDir;
        this.engine = engine;
        this.metrics = metrics;
        this.clock = clock;
        this.policy = new DecisionPolicy(cfg.mode(), cfg.scope(), playbooks);
        this.reload = new PlaybookReload(cfg.playbookDirs(), this::playbooks, metrics.registry());
        StateDir state = StateDir.open(stateDir); // refuses a directory others could write: a startup error
        if (!state.checkSub(Control.DIR)) {
            // made by the agent, so it is the agent's: the CLI (often root) only adds files to it
            Files.createDirectory(state.resolve(Control.DIR), Posix.mode(Posix.DIR_MODE));
        }
        Journal journal = new Journal(state.path(), 10L << 20, 5, clock);
        this.recorder = new Recorder(journal, metrics, clock, cfg.mode().id());
        this.envelope = new Envelope(cfg, clock, new StateFile<>(state.resolve(STATE_FILE), Envelope.State.class,
                state::trustedOwner));
        this.controlHandler = new ControlHandler(envelope, recorder, this::reconsider);
        this.control = new ControlPoller(new ControlPoller.Dir(state),
                new StateFile<>(state.resolve(ControlPoller.APPLIED_FILE), ControlPoller.Applied.class,
                        state::trustedOwner), clock, controlHandler::apply);
        this.webhook = new WebhookListener(new Webhook(Duration.ofSeconds(5), 3, Duration.ofMillis(500), result -> {
            ObjectNode r = Journal.record("webhook");
            r.put("result", result);
            journal.append(r);
        }), cfg.webhookUrl(), cfg.mode().id(), clock);
        recorder.addListener(webhook);
        this.runner = new PlaybookRunner(engine, new HealthWait(engine, ticker), webhook);
        this.timer = new ScheduledThreadPoolExecutor(1, named("dockmedic-remediation-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(cfg.maxConcurrent(), cfg.maxConcurrent(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(256), r -> named("dockmedic-remediation-" + n.incrementAndGet()).newThread(r));
    }

    private static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Also tells {@code listener} about every event (notifications); call before {@link #start}. */
    public void addListener(RemediationListener listener) {
        recorder.addListener(listener);
    }

    /** Publishes the saved breaker states, journals the start, and begins reading control requests. */
    public void start() {
        envelope.state().services().forEach(s -> metrics.circuitOpen(s.project(), s.service(), s.openedAt() > 0));
        ObjectNode r = Journal.record("agent-start");
        r.put("mode", cfg.mode().id());
        r.put("scope", cfg.scope().id());
        recorder.journal().append(r);
        timer.scheduleWithFixedDelay(control::poll, 0, CONTROL_POLL.toMillis(), TimeUnit.MILLISECONDS);
        log.info("remediation {} (scope {}), {} playbooks, state in {}", cfg.mode().id(), cfg.scope().id(),
                policy.playbooks().size(), stateDir);
    }

    /**
     * Reloads the playbooks from {@code remediation.playbook_dirs}: built and checked first, then swapped in;
     * a bad file keeps the playbooks in use (logged, counted). A decision already running finishes with the
     * playbooks it started with. The other remediation settings need a restart (README, Remediation).
     */
    public boolean reloadPlaybooks() {
        return reload.reload();
    }

    /** The playbooks in use, by name. */
    public Map<String, Playbook> playbooks() {
        return policy.playbooks();
    }

    private void playbooks(Map<String, Playbook> playbooks) {
        policy = new DecisionPolicy(cfg.mode(), cfg.scope(), playbooks);
        log.info("playbooks reloaded: {}", playbooks.size());
    }

    // ------------------------------------------------------------------ from the pipeline (lane threads)

    /** A container was diagnosed: journal it and decide after the grace period. Returns at once. */
    public void failing(Report report, ContainerInfo info) {
        Instant since = report.eventTimeNanos() > 0
                ? Instant.ofEpochSecond(0, report.eventTimeNanos()) : clock.instant();
        candidates.put(info.id(), new Candidate(report, info.labels(), since));
        later(0, () -> recorder.diagnosis(report));
        schedule(info.id(), envelope.graceEnds(since));
    }

    /** The container is healthy again (or gone): nothing left to decide for it. */
    public void recovered(String containerId) {
        candidates.remove(containerId);
    }

    // ------------------------------------------------------------------ scheduling

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
                recorder.decision(c, "-", Outcome.SKIPPED, Reason.queueFull());
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
            decideAndAct(id, c);
        } catch (RuntimeException e) {
            log.warn("remediation of {} failed unexpectedly: {}", c.report().container(), e.toString());
        } finally {
            running.remove(id);
            if (again.remove(id)) {
                submit(id);
            }
        }
    }

    // ------------------------------------------------------------------ carrying a decision out

    private void decideAndAct(String id, Candidate c) {
        Optional<ContainerInfo> now;
        try {
            now = engine.inspect(id);
        } catch (EngineException e) {
            log.warn("{}: cannot inspect before remediation: {}", c.report().container(), e.getMessage());
            return;
        }
        Decision d = policy.decide(c, now, envelope, clock.instant());
        if (d.forgets()) {
            candidates.remove(id, c);
        }
        if (d instanceof Decision.LookAgain look) {
            schedule(id, look.at());
        } else if (d instanceof Decision.Settle s) {
            recorder.decision(c, s.playbook(), s.outcome(), s.reason());
        } else if (d instanceof Decision.Block b) {
            recorder.decision(c, b.playbook(), Outcome.BLOCKED, b.reason());
            if (b.circuitOpened()) {
                recorder.circuitOpened(c, b.playbook(), circuitReason(c));
            }
            if (b.retryAt() != null) {
                schedule(id, b.retryAt());
            }
        } else if (d instanceof Decision.Advise a) {
            runner.run(a.playbook(), now.orElseThrow(), c);
            recorder.decision(c, a.playbook().name(), Outcome.SKIPPED, a.reason());
        } else if (d instanceof Decision.Act act) {
            act(id, c, act.playbook(), now.orElseThrow());
        }
        // Forget and Hold: nothing to record
    }

    private void act(String id, Candidate c, Playbook pb, ContainerInfo info) {
        envelope.attempt(c.project(), c.service());
        recorder.actionStarted(c, pb);
        RunResult result = runner.run(pb, info, c);
        if (result instanceof RunResult.Failed f) {
            recorder.decision(c, pb.name(), Outcome.FAILED, Reason.of(Reason.Code.PLAYBOOK_FAILED, f.text()));
            if (envelope.failed(c.project(), c.service())) {
                recorder.circuitOpened(c, pb.name(), circuitReason(c));
            } else {
                schedule(id, clock.instant());
            }
            return;
        }
        candidates.remove(id, c);
        recorder.decision(c, pb.name(), Outcome.SUCCEEDED,
                Reason.of(Reason.Code.HEALTHY_AFTER, "healthy after " + Steps.describe(pb)));
    }

    private Reason circuitReason(Candidate c) {
        return Reason.of(Reason.Code.CIRCUIT_OPEN, "restart budget of " + cfg.budget() + " in " + cfg.budgetWindow()
                + " spent; no more remediation until `dockmedic remediation rearm " + c.service() + "`"
                + " or the cool-off of " + cfg.coolOff() + " passes");
    }

    /** Applies one control request as the poller does (for tests that bring their own poller). */
    String apply(RequestId id, ControlRequest req) {
        return controlHandler.apply(id, req);
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
        recorder.journal().close();
    }
}
