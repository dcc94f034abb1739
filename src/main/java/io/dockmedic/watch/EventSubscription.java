package io.dockmedic.watch;

import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineEvent;
import io.dockmedic.docker.EngineException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a subscription to the engine's container events on the {@code dockmedic-watch} thread, handing every event to
 * the {@link WatchQueue}.
 *
 * <ul>
 *   <li>When the stream ends or fails it re-subscribes (resilience4j Retry, capped exponential backoff): first a
 *       finite replay {@code since} the last event seen, then a live stream (an engine that cannot replay up to a
 *       time, Podman, replays in the live stream), then a reconcile is queued.</li>
 *   <li>While the stream is open the engine is pinged every probe interval (each engine call has a deadline): a hung
 *       engine keeps the socket open and answers nothing. A failed ping ends the stream (reported down,
 *       {@link #status()} unresponsive) and re-subscribing takes over.</li>
 * </ul>
 */
final class EventSubscription {
    private static final Logger log = LoggerFactory.getLogger(EventSubscription.class);
    private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(30);

    private final Engine engine;
    private final WatchListener listener;
    private final WatchQueue queue;
    private final FailedWork failed;
    private final StreamProgress progress;
    private final Duration probeInterval;
    private final Retry retry;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Engine.Subscription live;
    private volatile CompletableFuture<Throwable> liveDone = new CompletableFuture<>();
    private volatile EngineStatus status = EngineStatus.CONNECTING;

    /** @param probeInterval how often the engine is pinged while the stream is open (liveness) */
    EventSubscription(Engine engine, WatchListener listener, WatchQueue queue, FailedWork failed,
                      StreamProgress progress, Duration reconnectInitial, Duration reconnectMax, Duration probeInterval) {
        this.engine = engine;
        this.listener = listener;
        this.queue = queue;
        this.failed = failed;
        this.progress = progress;
        this.probeInterval = probeInterval;
        this.retry = Retry.of("engine-events", RetryConfig.custom()
                .maxAttempts(Integer.MAX_VALUE)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(reconnectInitial, 2.0, reconnectMax))
                .retryOnException(e -> !stopping && !(e instanceof InterruptedException))
                .failAfterMaxAttempts(false)
                .build());
        retry.getEventPublisher().onRetry(e -> log.warn("engine event stream: attempt {} failed ({}); next try in {} ms",
                e.getNumberOfRetryAttempts(), e.getLastThrowable() == null ? "" : e.getLastThrowable().getMessage(),
                e.getWaitInterval().toMillis()));
        this.thread = new Thread(this::watchLoop, "dockmedic-watch");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** What is known of the engine now: up, not answering (hung) or refusing. */
    EngineStatus status() {
        return status;
    }

    private void watchLoop() {
        boolean first = true;
        while (!stopping) {
            try {
                retry.executeCheckedSupplier(() -> {
                    connect();
                    return null;
                });
            } catch (Throwable e) {
                if (stopping) {
                    return;
                }
                log.warn("engine event stream: cannot connect: {}", e.toString());
                continue;
            }
            if (!first) {
                listener.reconnected();
            }
            first = false;
            status = EngineStatus.UP;
            listener.streamUp(true);
            Throwable end;
            try {
                end = awaitEndOrSilence();
            } catch (InterruptedException e) {
                return;
            }
            if (status == EngineStatus.UP) {
                status = EngineStatus.CONNECTING; // the stream ended, the engine answered its last ping
            }
            listener.streamUp(false);
            if (stopping) {
                return;
            }
            log.warn("engine event stream ended{}; re-subscribing from the last event seen",
                    end == null ? "" : ": " + end.getMessage());
        }
    }

    /**
     * Waits for the live stream to end, pinging the engine every probe interval meanwhile: a hung
     * engine keeps the stream's socket open and sends nothing, which looks like a quiet engine. When
     * a ping fails (the engine's calls are bounded by a deadline) the stream is closed and counted as
     * ended, so that the stream is reported down and the usual re-subscribe (ping, replay, reconcile)
     * takes over until the engine answers again. One failed ping is enough: it does no work in the
     * engine and has a 5 s deadline, and a false alarm costs only a re-subscribe (replayed from the
     * last event seen, de-duplicated: nothing lost, nothing diagnosed twice).
     */
    private Throwable awaitEndOrSilence() throws InterruptedException {
        CompletableFuture<Throwable> done = liveDone;
        while (true) {
            try {
                return done.get(probeInterval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (TimeoutException e) {
                if (stopping) {
                    return null;
                }
                try {
                    engine.alive();
                } catch (EngineException pingFailed) {
                    status = statusOf(pingFailed);
                    log.warn("engine does not answer its liveness ping ({}): event stream considered down",
                            pingFailed.getMessage());
                    closeLive();
                    return pingFailed;
                }
            }
        }
    }

    private static EngineStatus statusOf(EngineException e) {
        return e.unresponsive() ? EngineStatus.UNRESPONSIVE : EngineStatus.UNREACHABLE;
    }

    private void connect() throws EngineException, InterruptedException {
        if (stopping) {
            throw new InterruptedException("stopping");
        }
        try {
            engine.ping();
        } catch (EngineException e) {
            status = statusOf(e);
            throw e;
        }
        failed.requeue(queue);
        long now = StreamProgress.nowNanos();
        long since = progress.lastSeen();
        boolean finite = engine.finiteReplay();
        if (since > 0 && finite) {
            replay(since, now); // what happened while we were away, before the live stream
        }
        CompletableFuture<Throwable> done = new CompletableFuture<>();
        liveDone = done;
        // an engine that cannot replay up to a time (Podman) replays in the live stream; duplicates are dropped
        live = engine.events(since > 0 && !finite ? since : now, 0, sink(done));
        // from now on the stream covers everything: a later reconnect replays from here even when no
        // event came in the meantime (otherwise what happens while we are cut off is never replayed)
        progress.seen(now);
        long exits = progress.takeExitsSince();
        queue.put(new WatchItem.Reconcile(exits > 0 ? "start after a checkpoint" : since > 0 ? "reconnect" : "start",
                exits));
    }

    /** A finite replay of the events from {@code since} until {@code until}, waited for. */
    private void replay(long since, long until) throws EngineException, InterruptedException {
        CompletableFuture<Throwable> replayDone = new CompletableFuture<>();
        try (Engine.Subscription s = engine.events(since, until, sink(replayDone))) {
            Throwable t = replayDone.get(REPLAY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (t != null) {
                throw new EngineException("event replay failed: " + t.getMessage(), t);
            }
        } catch (TimeoutException e) {
            throw new EngineException("event replay did not end within " + REPLAY_TIMEOUT.toSeconds() + "s");
        } catch (ExecutionException e) {
            throw new EngineException("event replay failed", e);
        }
    }

    private Engine.EventSink sink(CompletableFuture<Throwable> done) {
        return new Engine.EventSink() {
            @Override
            public void onEvent(EngineEvent event) {
                queue.offerFromStream(event);
            }

            @Override
            public void onClose(Throwable error) {
                done.complete(error);
            }
        };
    }

    private void closeLive() {
        Engine.Subscription s = live;
        if (s != null) {
            s.close();
        }
    }

    /** Stops re-subscribing and closes the stream. */
    void stop() {
        stopping = true;
        closeLive();
        liveDone.complete(null);
        thread.interrupt();
    }
}
