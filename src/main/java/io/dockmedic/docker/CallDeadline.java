package io.dockmedic.docker;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a blocking engine call on a bounded pool of named threads and waits at most a deadline for
 * it. docker-java's response timeout does not apply on a unix socket (its socket ignores
 * {@code SO_TIMEOUT}), so a hung engine would block the caller forever. On timeout the call's thread
 * is interrupted: docker-java's unix socket is an NIO channel, which an interrupt closes, so the
 * helper thread and the connection are freed too. When every helper is busy and the short queue is
 * full, a call fails at once ({@link EngineException.Reason#OVERLOADED}) instead of piling up.
 * Written by hand: resilience4j's TimeLimiter does the same for futures, but needs the executor and
 * the interrupt policy spelled out anyway, and the typed reason is ours.
 */
final class CallDeadline implements AutoCloseable {

    /** One engine call. */
    interface Call<T> {
        T call() throws EngineException;
    }

    private final ThreadPoolExecutor pool;

    CallDeadline(int threads, int queue, String namePrefix) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, namePrefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code call}, waiting at most {@code timeout}.
     *
     * @param what what the call does, for the message ("inspect container abc")
     */
    <T> T run(String what, Duration timeout, Call<T> call) throws EngineException {
        return start(what, timeout, call).await();
    }

    /**
     * Sends {@code call} on a helper thread and returns at once; {@link PendingCall#await} waits for it until
     * {@code timeout} after now. When every helper is busy and the queue is full, await fails at once
     * ({@link EngineException.Reason#OVERLOADED}).
     */
    <T> PendingCall<T> start(String what, Duration timeout, Call<T> call) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Future<T> f;
        try {
            f = pool.submit(call::call);
        } catch (RejectedExecutionException e) {
            return PendingCall.failed(new EngineException(EngineException.Reason.OVERLOADED,
                    what + ": not sent, " + pool.getActiveCount() + " earlier engine calls are still waiting for an answer", e));
        }
        return new PendingCall<>() {
            @Override
            public T await() throws EngineException {
                return awaitCall(f, what, timeout, deadline);
            }

            @Override
            public void cancel() {
                f.cancel(true);
            }
        };
    }

    private static <T> T awaitCall(Future<T> f, String what, Duration timeout, long deadline) throws EngineException {
        try {
            return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new EngineException(EngineException.Reason.TIMEOUT,
                    what + ": no answer from the engine within " + timeout.toMillis() + " ms", e);
        } catch (java.util.concurrent.CancellationException e) {
            throw new EngineException(what + ": given up", e);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new EngineException(what + ": interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof EngineException ee) {
                throw ee;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new EngineException(what + ": " + c, c);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
