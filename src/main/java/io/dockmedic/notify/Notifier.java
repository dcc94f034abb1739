package io.dockmedic.notify;

import io.dockmedic.config.Config;
import io.dockmedic.config.NotifyTarget;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.rules.Lang;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells people about diagnoses (contract section 7): pushes each active diagnosis to Alertmanager
 * and refreshes it while it holds, resolves it when it clears; sends direct channels one message per
 * new cause (grouped and de-duplicated by {@link Incidents}) and one when it clears, and remediation's
 * events. Callers (the pipeline's lanes) only hand work to the {@code dockmedic-notify} thread and
 * return; each target sends on its own {@link TargetLane}. Stopping resolves nothing (the
 * diagnoses still hold; Alertmanager lets the alerts end at their {@code endsAt}) and waits a bounded
 * time for messages in flight.
 */
public final class Notifier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    private static final int MAX_TOKEN = 4096;

    /** Timing of the no-flood rules and of Alertmanager refreshes; tests use short ones. */
    public record Timing(Duration groupWait, Duration repeatWindow, Duration refreshEvery, Duration tick) {
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(10), Duration.ofHours(1),
                Duration.ofMinutes(1), Duration.ofSeconds(1));
    }

    private record Target(NotifyTarget config, Channel channel, TargetLane lane) {
    }

    private final Clock clock;
    private final Timing timing;
    private final MessageText text;
    private final Incidents incidents;
    private final List<Target> targets;
    private final Optional<Alertmanager> alertmanager;
    private final Optional<TargetLane> alertmanagerLane;
    private final Map<String, Alertmanager.Alert> firing = new LinkedHashMap<>();
    private final ScheduledExecutorService loop;
    private Instant lastRefresh;

    private Notifier(Config.Notify config, Timing timing, TargetLane.Policy policy, Transport transport, Tally tally,
                     Clock clock) throws IOException {
        this.clock = clock;
        this.timing = timing;
        this.text = new MessageText(config.language() == Config.Notify.Language.ZH ? Lang.ZH : Lang.EN,
                config.grafanaUrl().map(Object::toString));
        this.incidents = new Incidents(text, timing.groupWait(), timing.repeatWindow());
        List<Target> list = new ArrayList<>();
        for (NotifyTarget t : config.targets()) {
            String token = token(t);
            Transport via = t.endpoint().mail().isPresent()
                    ? new SmtpTransport(t.endpoint().mail().get(), token, Duration.ofSeconds(10)) : transport;
            list.add(new Target(t, Channels.of(t, token), new TargetLane(t.name(), t.maxPerMinute(), policy, via, tally)));
        }
        this.targets = List.copyOf(list);
        this.alertmanager = config.alertmanagerUrl().map(u -> new Alertmanager(u, Optional.empty()));
        this.alertmanagerLane = alertmanager.map(a -> new TargetLane("alertmanager", 600, policy, transport, tally));
        this.lastRefresh = clock.instant();
        ScheduledThreadPoolExecutor exec = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "dockmedic-notify");
            t.setDaemon(true);
            return t;
        });
        exec.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.loop = exec;
        if (config.enabled()) {
            loop.scheduleWithFixedDelay(this::tick, timing.tick().toMillis(), timing.tick().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Starts notifying as configured, over HTTP; a token file that cannot be read is an error. */
    public static Notifier start(Config.Notify config, Tally tally) throws IOException {
        return new Notifier(config, Timing.DEFAULT, TargetLane.Policy.DEFAULT, new HttpTransport(Duration.ofSeconds(10)),
                tally, Clock.systemUTC());
    }

    /** For tests: given timing, retry policy and clock. */
    static Notifier start(Config.Notify config, Timing timing, TargetLane.Policy policy, Transport transport, Tally tally,
                          Clock clock) throws IOException {
        return new Notifier(config, timing, policy, transport, tally, clock);
    }

    /** A notifier that tells nobody. */
    public static Notifier off() {
        try {
            return new Notifier(Config.Notify.OFF, Timing.DEFAULT, TargetLane.Policy.DEFAULT, r -> {
                throw new IOException("notifications are off");
            }, (t, o) -> { }, Clock.systemUTC());
        } catch (IOException e) {
            throw new IllegalStateException(e); // no token files to read
        }
    }

    static String token(NotifyTarget t) throws IOException {
        if (t.endpoint().tokenFile().isEmpty()) {
            return "";
        }
        byte[] b;
        try (var in = Files.newInputStream(t.endpoint().tokenFile().get())) {
            b = in.readNBytes(MAX_TOKEN + 1);
        } catch (IOException e) {
            throw new IOException("notify target " + t.name() + ": token_file cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        String token = new String(b, StandardCharsets.UTF_8).strip();
        boolean password = t.type() == NotifyTarget.Type.EMAIL;
        if (b.length > MAX_TOKEN || token.isEmpty() || !(password || token.matches("[A-Za-z0-9:_.\\-]+"))) {
            throw new IOException("notify target " + t.name() + ": token_file does not hold one token");
        }
        return token;
    }

    /** A container's report (new, refreshed or re-marked as a symptom); {@code key} is the pipeline's. */
    public void diagnosed(String key, Report report) {
        Instant now = clock.instant(); // when it happened, not when the notifier's thread gets to it
        submit(() -> {
            incidents.diagnosed(key, report, now);
            alertmanager.ifPresent(am -> {
                Alertmanager.Alert was = firing.get(key);
                Alertmanager.Alert alert = new Alertmanager.Alert(report, was == null ? now : was.startsAt());
                firing.put(key, alert);
                alertmanagerLane.get().offer(am.push(List.of(alert), List.of(), now));
            });
            if (timing.groupWait().isZero()) {
                sendDue(now);
            }
        });
    }

    /** The container recovered ({@code removed} false) or was removed. */
    public void cleared(String key, boolean removed) {
        Instant now = clock.instant();
        submit(() -> {
            incidents.cleared(key, removed).ifPresent(this::send);
            Alertmanager.Alert was = firing.remove(key);
            if (was != null) {
                alertmanagerLane.get().offer(alertmanager.get().push(List.of(), List.of(was), now));
            }
        });
    }

    /** Something remediation did: told to the direct channels whose filters take it. */
    public void remediation(RemediationEvent event) {
        submit(() -> send(text.remediation(event)));
    }

    /** Runs one tick on the notifier's thread now (tests drive time with their clock). */
    void tickNow() {
        Instant now = clock.instant();
        submit(() -> tick(now));
    }

    private void tick() {
        tick(clock.instant());
    }

    private void tick(Instant now) {
        try {
            sendDue(now);
            if (alertmanager.isPresent() && !firing.isEmpty() && !now.isBefore(lastRefresh.plus(timing.refreshEvery()))) {
                alertmanagerLane.get().offer(alertmanager.get().push(List.copyOf(firing.values()), List.of(), now));
                lastRefresh = now;
            }
        } catch (RuntimeException e) {
            log.warn("notifications: {}", e.toString());
        }
    }

    private void sendDue(Instant now) {
        incidents.due(now).forEach(this::send);
    }

    private void send(Message m) {
        for (Target t : targets) {
            if (Filters.accepts(t.config().filter(), m)) {
                t.lane().offer(t.channel().request(m));
            }
        }
    }

    private void submit(Runnable work) {
        if (targets.isEmpty() && alertmanager.isEmpty()) {
            return;
        }
        try {
            loop.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.warn("notifications: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("notifier stopped; a notification is not sent");
        }
    }

    /**
     * Sends what waits for its group, resolves nothing, and waits up to {@code timeout} in all for
     * messages in flight.
     */
    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        submit(() -> incidents.flush(clock.instant()).forEach(this::send));
        loop.shutdown();
        try {
            loop.awaitTermination(timeout.toMillis() / 4, TimeUnit.MILLISECONDS);
            loop.shutdownNow();
            List<TargetLane> lanes = new ArrayList<>(targets.stream().map(Target::lane).toList());
            alertmanagerLane.ifPresent(lanes::add);
            for (TargetLane lane : lanes) {
                lane.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}
