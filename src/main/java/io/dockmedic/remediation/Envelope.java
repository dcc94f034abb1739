package io.dockmedic.remediation;

import io.dockmedic.config.Config;
import io.dockmedic.journal.StateFile;
import io.dockmedic.state.Health;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safety envelope around remediation, per compose service (project/service): grace period,
 * restart budget within a sliding window, exponential back-off between attempts (kubelet-style,
 * doubling up to a cap), a circuit breaker that opens when the budget is spent and stays open until
 * {@link #rearm} or the cool-off passes, a per-project restart limit, and a global pause. Pure
 * decisions over an injected {@link Clock}; every change is saved to a {@link StateFile} before the
 * call returns, so budgets, back-off and breakers survive an agent restart.
 */
public final class Envelope {

    /** The persisted state: pause, per-service attempts and breaker, per-project attempts (epoch millis). */
    public record State(long pausedUntil, List<Service> services, Map<String, List<Long>> projects) {
        /** Refuses what a damaged or forged file could hold (Jackson reports it as the file's problem). */
        public State {
            services = services == null ? List.of() : services;
            projects = projects == null ? Map.of() : projects;
            if (services.stream().anyMatch(java.util.Objects::isNull)) {
                throw new IllegalArgumentException("services: null entry");
            }
            projects.forEach((p, a) -> {
                if (p == null || a == null || a.stream().anyMatch(java.util.Objects::isNull)) {
                    throw new IllegalArgumentException("projects: null entry");
                }
            });
        }
    }

    /**
     * One service's attempts (epoch millis, recorded when they start), when the last failed attempt
     * ended, and when its breaker opened (0: closed).
     */
    public record Service(String project, String service, List<Long> attempts, long failedAt, long openedAt) {
        public Service {
            attempts = attempts == null ? List.of() : attempts;
            if (project == null || service == null) {
                throw new IllegalArgumentException("services: entry without project or service");
            }
            if (attempts.stream().anyMatch(java.util.Objects::isNull)) {
                throw new IllegalArgumentException("services: null attempt");
            }
        }

        String key() {
            return key(project, service);
        }

        static String key(String project, String service) {
            return project + "/" + service;
        }
    }

    /**
     * What the envelope says: {@code allowed}, or why not and when to look again (null: only on a new
     * event). {@code opened} is true when this very decision opened the breaker.
     */
    public record Verdict(boolean allowed, String reason, Instant retryAt, boolean opened) {
        static final Verdict ALLOW = new Verdict(true, "", null, false);

        static Verdict no(String reason, Instant retryAt) {
            return new Verdict(false, reason, retryAt, false);
        }
    }

    private static final long FOREVER = Long.MAX_VALUE;

    private final Config.Remediation cfg;
    private final Clock clock;
    private final StateFile<State> file;
    private final Map<String, Service> services = new TreeMap<>();
    private final Map<String, List<Long>> projects = new TreeMap<>();
    private long pausedUntil;

    /** Loads the saved state from {@code file} if there is one; an unusable one is moved aside (WARN) and ignored. */
    public Envelope(Config.Remediation cfg, Clock clock, StateFile<State> file) throws IOException {
        this.cfg = cfg;
        this.clock = clock;
        this.file = file;
        file.loadOrSetAside(clock, "the pause, restart budgets, back-offs and open breakers it held are forgotten").ifPresent(s -> {
            pausedUntil = s.pausedUntil();
            s.services().forEach(v -> services.put(v.key(), new Service(v.project(), v.service(),
                    new ArrayList<>(v.attempts()), v.failedAt(), v.openedAt())));
            s.projects().forEach((p, a) -> projects.put(p, new ArrayList<>(a)));
        });
    }

    /** When a container unhealthy since {@code since} may be acted on. */
    public Instant graceEnds(Instant since) {
        return since.plus(cfg.gracePeriod());
    }

    /**
     * Why a container in this state must not be acted on now, or null if it may: only a running,
     * unhealthy (or, without a healthcheck, exited) container outside its start period and not
     * restarting is a candidate.
     */
    public static String notActionable(Health health, boolean running, boolean restarting) {
        if (restarting) {
            return "restarting";
        }
        return switch (health) {
            case UNHEALTHY -> running ? null : "not running";
            case STARTING -> "in its start period";
            case HEALTHY -> "healthy again";
            case NONE -> running ? "running without a healthcheck" : null;
        };
    }

    /** May this service be remediated now? Opens the breaker when its budget is found spent. */
    public synchronized Verdict check(String project, String service) {
        long now = clock.millis();
        if (pausedUntil > now) {
            return Verdict.no(pausedUntil == FOREVER ? "paused" : "paused until " + Instant.ofEpochMilli(pausedUntil), null);
        }
        Service s = service(project, service);
        if (s.openedAt() > 0) {
            if (now < s.openedAt() + cfg.coolOff().toMillis()) {
                return Verdict.no("circuit open (budget of " + cfg.budget() + " spent; rearm or wait for the cool-off)", null);
            }
            s = put(new Service(project, service, new ArrayList<>(), 0, 0));
            save();
        }
        List<Long> recent = inWindow(s.attempts(), now);
        if (recent.size() >= cfg.budget()) {
            put(new Service(project, service, new ArrayList<>(recent), s.failedAt(), now));
            save();
            return new Verdict(false, "circuit open: budget of " + cfg.budget() + " in " + cfg.budgetWindow() + " spent",
                    null, true);
        }
        if (!recent.isEmpty()) {
            // from the end of the last failed attempt, or its start if it never ended (agent killed mid-playbook)
            long next = Math.max(recent.get(recent.size() - 1), s.failedAt()) + backoff(recent.size()).toMillis();
            if (now < next) {
                return Verdict.no("back-off after attempt " + recent.size(), Instant.ofEpochMilli(next));
            }
        }
        List<Long> inProject = inWindow(projects.getOrDefault(project, List.of()), now);
        if (!project.isEmpty() && inProject.size() >= cfg.projectLimit()) {
            return Verdict.no("project limit of " + cfg.projectLimit() + " restarts in " + cfg.budgetWindow() + " reached",
                    Instant.ofEpochMilli(inProject.get(0) + cfg.budgetWindow().toMillis()));
        }
        return Verdict.ALLOW;
    }

    /** The delay after the n-th attempt (n from 1): initial, doubling, capped at the maximum. */
    public Duration backoff(int n) {
        Duration d = cfg.backoffInitial();
        for (int i = 1; i < n && d.compareTo(cfg.backoffMax()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(cfg.backoffMax()) > 0 ? cfg.backoffMax() : d;
    }

    /** Records an attempt, durably, BEFORE it is made (a crash mid-playbook still counts it). */
    public synchronized void attempt(String project, String service) {
        long now = clock.millis();
        Service s = service(project, service);
        List<Long> a = new ArrayList<>(inWindow(s.attempts(), now));
        a.add(now);
        put(new Service(project, service, a, s.failedAt(), s.openedAt()));
        List<Long> p = new ArrayList<>(inWindow(projects.getOrDefault(project, List.of()), now));
        p.add(now);
        projects.put(project, p);
        save();
    }

    /** An attempt failed: opens the breaker if the budget is now spent; returns true if it opened. */
    public synchronized boolean failed(String project, String service) {
        long now = clock.millis();
        Service s = service(project, service);
        boolean opens = s.openedAt() == 0 && inWindow(s.attempts(), now).size() >= cfg.budget();
        put(new Service(project, service, s.attempts(), now, opens ? now : s.openedAt()));
        save();
        return opens;
    }

    public synchronized boolean isOpen(String project, String service) {
        return service(project, service).openedAt() > 0;
    }

    /**
     * Closes the breaker and clears the attempts of every service matching {@code name}
     * ({@code project/service}, or a bare service name in any project); returns the services rearmed.
     */
    public synchronized List<Service> rearm(String name) {
        List<Service> hit = new ArrayList<>();
        for (Service s : List.copyOf(services.values())) {
            if (s.key().equals(name) || s.service().equals(name)) {
                hit.add(s);
                put(new Service(s.project(), s.service(), new ArrayList<>(), 0, 0));
                projects.remove(s.project());
            }
        }
        save();
        return hit;
    }

    /** Pauses all remediation for {@code d}, or until {@link #resume} when null. */
    public synchronized Instant pause(Duration d) {
        pausedUntil = d == null ? FOREVER : clock.millis() + d.toMillis();
        save();
        return d == null ? null : Instant.ofEpochMilli(pausedUntil);
    }

    public synchronized void resume() {
        pausedUntil = 0;
        save();
    }

    /** A copy of the current state. */
    public synchronized State state() {
        return new State(pausedUntil, List.copyOf(services.values()), Map.copyOf(projects));
    }

    private Service service(String project, String service) {
        return services.getOrDefault(Service.key(project, service), new Service(project, service, List.of(), 0, 0));
    }

    private Service put(Service s) {
        services.put(s.key(), s);
        return s;
    }

    private List<Long> inWindow(List<Long> attempts, long now) {
        long from = now - cfg.budgetWindow().toMillis();
        return attempts.stream().filter(t -> t > from).toList();
    }

    /**
     * Saves the state, first dropping what is the same as no entry (no attempt in the window, breaker closed), so
     * the file stays small however many services came and went.
     */
    private void save() {
        long now = clock.millis();
        services.values().removeIf(s -> s.openedAt() == 0 && inWindow(s.attempts(), now).isEmpty());
        projects.values().removeIf(a -> inWindow(a, now).isEmpty());
        file.save(state());
    }
}
