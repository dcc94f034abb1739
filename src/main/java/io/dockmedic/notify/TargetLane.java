package io.dockmedic.notify;

import io.dockmedic.text.Redactor;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target's own thread and bounded queue, so a dead or slow target delays nothing else: a full
 * queue drops the message ({@link Outcome#DROPPED}); more than the target's rate per minute is not
 * sent ({@link Outcome#RATE_LIMITED}, resilience4j RateLimiter, decided at once when offered); a 429 or
 * 5xx or an I/O error is retried (resilience4j Retry) after the service's {@code Retry-After} (capped)
 * or an exponential back-off. Every message is counted once. The target's URL is never logged.
 */
final class TargetLane {
    private static final Logger log = LoggerFactory.getLogger(TargetLane.class);
    static final int QUEUE = 100;
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(1);

    /** Retry and back-off of one lane; tests use short waits. */
    record Policy(int attempts, Duration backoff, int queue) {
        static final Policy DEFAULT = new Policy(4, Duration.ofSeconds(2), QUEUE);
    }

    private final String name;
    private final Transport transport;
    private final Tally tally;
    private final ThreadPoolExecutor executor;
    private final RateLimiter limiter;
    private final Retry retry;

    TargetLane(String name, int perMinute, Policy policy, Transport transport, Tally tally) {
        this.name = name;
        this.transport = transport;
        this.tally = tally;
        this.executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(policy.queue()), r -> {
            Thread t = new Thread(r, "dockmedic-notify-" + name);
            t.setDaemon(true);
            return t;
        });
        this.executor.allowCoreThreadTimeOut(true);
        this.limiter = RateLimiter.of(name, RateLimiterConfig.custom().limitForPeriod(perMinute)
                .limitRefreshPeriod(Duration.ofMinutes(1)).timeoutDuration(Duration.ZERO).build());
        IntervalFunction backoff = IntervalFunction.ofExponentialBackoff(policy.backoff(), 2.0);
        IntervalBiFunction<Transport.Response> wait = (attempt, outcome) -> outcome.isRight()
                && outcome.get().retryAfter().isPresent()
                ? Math.min(outcome.get().retryAfter().get().toMillis(), MAX_RETRY_AFTER.toMillis())
                : backoff.apply(attempt);
        this.retry = Retry.of(name, RetryConfig.<Transport.Response>custom().maxAttempts(policy.attempts())
                .retryOnResult(Transport.Response::retryable).retryExceptions(IOException.class)
                .intervalBiFunction(wait).build());
    }

    /** Queues a request; returns at once. */
    void offer(Request request) {
        if (!limiter.acquirePermission()) {
            tally.count(name, Outcome.RATE_LIMITED);
            log.warn("notification target {}: over its rate limit, a message is not sent", name);
            return;
        }
        try {
            executor.execute(() -> deliver(request));
        } catch (RejectedExecutionException e) {
            tally.count(name, Outcome.DROPPED);
            log.warn("notification target {}: queue full (dead or slow?), a message is dropped", name);
        }
    }

    private void deliver(Request request) {
        try {
            Transport.Response r = retry.executeCallable(() -> transport.send(request));
            if (r.ok()) {
                tally.count(name, Outcome.SENT);
            } else {
                tally.count(name, Outcome.FAILED);
                log.warn("notification target {}: refused with HTTP {}", name, r.status());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tally.count(name, Outcome.FAILED);
        } catch (Exception e) {
            tally.count(name, Outcome.FAILED);
            // an exception may quote the URL, which holds the token: redacted, and the target named instead
            log.warn("notification target {}: failed: {}", name, Redactor.generic().redact(String.valueOf(e.getMessage())));
        }
    }

    /** Stops taking messages and waits up to {@code timeout} for the queued ones; then gives up on them. */
    void close(Duration timeout) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            int left = executor.shutdownNow().size();
            for (int i = 0; i < left; i++) {
                tally.count(name, Outcome.DROPPED);
            }
        }
    }
}
