package io.dockmedic.remediation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockmedic.text.Redactor;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs JSON notifications (escalations, circuit-open alerts, notify steps) on its own small bounded
 * executor: a receiver that is down or slow costs at most a few retries on a {@code dockmedic-webhook}
 * thread and never blocks diagnosis or playbooks. When the queue is full a notification is dropped
 * and logged. Payloads carry only redacted evidence; URLs are logged by host only (they may hold tokens).
 */
final class Webhook implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Webhook.class);
    private static final int QUEUE = 64;
    private static final int THREADS = 4;

    /** Made on the first notification: building one loads TLS and the trust store (~4 MiB, 0.2 s CPU). */
    private volatile HttpClient client;
    private final Duration requestTimeout;
    private final Retry retry;
    private final ThreadPoolExecutor executor;
    private final Consumer<String> onResult;

    /**
     * @param attempts     tries per notification (resilience4j Retry, exponential wait from {@code wait})
     * @param onResult     told "delivered" or "failed" after each notification, for the journal
     */
    Webhook(Duration requestTimeout, int attempts, Duration wait, Consumer<String> onResult) {
        this.requestTimeout = requestTimeout;
        this.onResult = onResult;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "dockmedic-webhook-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.executor.allowCoreThreadTimeOut(true);
        this.retry = Retry.of("webhook", RetryConfig.custom()
                .maxAttempts(attempts)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(wait, 2.0))
                .retryExceptions(IOException.class)
                .build());
    }

    /** Queues a POST of {@code body} to {@code url}; returns at once. */
    void send(URI url, ObjectNode body) {
        try {
            executor.execute(() -> deliver(url, body));
        } catch (RejectedExecutionException e) {
            log.warn("webhook queue full: {} notification to {} dropped", body.path("event").asText(), url.getHost());
            onResult.accept("dropped");
        }
    }

    private void deliver(URI url, ObjectNode body) {
        HttpRequest req = HttpRequest.newBuilder(url).timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(io.dockmedic.text.SafeJson.compact(body))).build();
        try {
            retry.executeCheckedSupplier(() -> {
                HttpResponse<Void> r = client().send(req, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 != 2) {
                    throw new IOException("HTTP " + r.statusCode());
                }
                return r;
            });
            onResult.accept("delivered");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            // the URL may hold a token and some exceptions quote it: the message is redacted, the URL shown by host only
            log.warn("webhook to {} failed: {}", url.getHost(), Redactor.generic().redact(String.valueOf(e.getMessage())));
            onResult.accept("failed");
        }
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
                }
                c = client;
            }
        }
        return c;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
