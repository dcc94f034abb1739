package io.dockmedic.agent;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named shutdown steps run in reverse order of registration, each bounded in time (after
 * Alertmanager's app/lifecycle): a step that hangs is abandoned and the next one runs.
 */
final class Lifecycle {
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    interface Step {
        void stop() throws Exception;
    }

    private record Named(String name, Duration timeout, Step step) {
    }

    private final Deque<Named> steps = new ArrayDeque<>();

    synchronized void onStop(String name, Duration timeout, Step step) {
        steps.push(new Named(name, timeout, step));
    }

    /** Runs every step, last registered first. */
    synchronized void stopAll() {
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dockmedic-shutdown");
            t.setDaemon(true);
            return t;
        });
        try {
            while (!steps.isEmpty()) {
                Named s = steps.pop();
                long start = System.nanoTime();
                Future<?> f = runner.submit(() -> {
                    s.step().stop();
                    return null;
                });
                try {
                    f.get(s.timeout().toMillis(), TimeUnit.MILLISECONDS);
                    log.debug("stopped {} in {} ms", s.name(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                } catch (TimeoutException e) {
                    f.cancel(true);
                    log.warn("stopping {} took longer than {} ms; abandoned", s.name(), s.timeout().toMillis());
                    runner.shutdownNow();
                    runner = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "dockmedic-shutdown");
                        t.setDaemon(true);
                        return t;
                    });
                } catch (ExecutionException e) {
                    log.warn("stopping {} failed: {}", s.name(), e.getCause().toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        } finally {
            runner.shutdownNow();
        }
    }
}
