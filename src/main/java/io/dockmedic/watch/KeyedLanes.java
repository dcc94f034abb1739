package io.dockmedic.watch;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work in order per key (a container) on a shared pool of named threads: the work of one key
 * never runs concurrently or out of order, while any free thread takes the next key's work. Unlike
 * a fixed key-to-thread striping, a burst of many containers spreads evenly over all threads (with
 * 50 containers on 8 stripes, some stripes got 10 and set the 99th percentile). Keys take turns:
 * after each item, a key's next item goes to the back of the pool's queue. An item that throws
 * anything, an {@link Error} included, is logged and counted; its thread and its key go on (an
 * uncaught Error would end the pool thread and leave the key marked busy forever).
 */
final class KeyedLanes {
    private static final Logger log = LoggerFactory.getLogger(KeyedLanes.class);

    private final ExecutorService pool;
    /** Work waiting behind a key's running item; a key is present while it has an item running. */
    private final Map<String, ArrayDeque<Runnable>> waiting = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();
    /** Items accepted by {@link #execute} that have not started yet (behind their key or in the pool's queue). */
    private final AtomicInteger pending = new AtomicInteger();

    KeyedLanes(int threads, String namePrefix) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, namePrefix + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code work} after every earlier item of {@code key} has run. */
    void execute(String key, Runnable work) {
        pending.incrementAndGet();
        synchronized (waiting) {
            ArrayDeque<Runnable> q = waiting.get(key);
            if (q != null) {
                q.add(work);
                return;
            }
            waiting.put(key, new ArrayDeque<>(2));
        }
        submit(key, work);
    }

    private void submit(String key, Runnable work) {
        try {
            pool.execute(() -> run(key, work));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            synchronized (waiting) {
                ArrayDeque<Runnable> dropped = waiting.remove(key); // shutting down: the key's remaining work is dropped
                pending.addAndGet(-1 - (dropped == null ? 0 : dropped.size()));
            }
        }
    }

    private void run(String key, Runnable work) {
        pending.decrementAndGet();
        try {
            work.run();
        } catch (Throwable e) { // NOPMD: one task's Error (OOM, stack overflow) must not kill the lane or strand its key
            failures.incrementAndGet();
            logFailure(key, e);
        }
        Runnable next;
        synchronized (waiting) {
            ArrayDeque<Runnable> q = waiting.get(key);
            next = q == null ? null : q.poll();
            if (next == null) {
                waiting.remove(key);
            }
        }
        if (next != null) {
            submit(key, next);
        }
    }

    /**
     * How many items were handed to {@link #execute} and have not started yet: a number that stays up
     * or grows means the lanes fall behind the work they are given.
     */
    int pending() {
        return Math.max(0, pending.get()); // after shutdown the pool's queued items still run
    }

    /** How many items ended with an exception or error since the start. */
    long failures() {
        return failures.get();
    }

    private static void logFailure(String key, Throwable e) {
        try {
            if (e instanceof VirtualMachineError) {
                // no stack trace: a StackOverflowError's is huge, and an OutOfMemoryError leaves little room
                log.error("work for {} failed: {}; the lane goes on", key, e.toString());
            } else {
                log.error("work for {} failed; the lane goes on", key, e);
            }
        } catch (Throwable ignored) { // NOPMD: logging itself may fail under memory pressure; the lane must go on
            // nothing left to do
        }
    }

    /** Stops taking work and waits at most {@code timeout} for the running items; true if all ended. */
    boolean shutdown(Duration timeout) throws InterruptedException {
        pool.shutdown();
        synchronized (waiting) {
            waiting.clear();
            pending.set(0);
        }
        if (pool.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return true;
        }
        pool.shutdownNow();
        return false;
    }
}
