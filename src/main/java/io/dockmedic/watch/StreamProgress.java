package io.dockmedic.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the engine's events were seen (engine time: the last event, or the start of the live stream), what of a
 * start after a checkpoint is still to be looked at (the crashes since it), and the saving of that time as the
 * {@link Checkpoint}.
 */
final class StreamProgress {
    private static final Logger log = LoggerFactory.getLogger(StreamProgress.class);
    /**
     * The saved checkpoint lags what was seen by this much: an event seen just before a SIGKILL may still wait in the
     * queue or on a lane (each engine call may take up to its deadline). Replaying it after the restart is harmless.
     */
    static final Duration CHECKPOINT_LAG = Duration.ofSeconds(30);

    private final Checkpoint checkpoint;
    /** Engine time up to which we have seen the stream: the last event, or the start of the live stream. */
    private final AtomicLong lastSeenNanos = new AtomicLong();
    /** A start after a checkpoint: the crashes since this time are still to be looked for (0: none). */
    private volatile long exitsSinceNanos;
    /** Lane tasks of that look not done yet: the checkpoint is not moved past their exits meanwhile. */
    private final AtomicInteger exitScans = new AtomicInteger();
    private long savedCheckpoint;

    StreamProgress(Checkpoint checkpoint) {
        this.checkpoint = checkpoint;
    }

    static long nowNanos() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    /** At start: a saved checkpoint is replayed from, and the crashes since it are to be looked for. */
    void load() {
        OptionalLong saved = checkpoint.load();
        if (saved.isPresent() && saved.getAsLong() > 0) {
            long since = Math.min(saved.getAsLong(), nowNanos()); // a checkpoint in the future would hide crashes
            savedCheckpoint = since;
            lastSeenNanos.set(since);
            exitsSinceNanos = since;
            log.info("event checkpoint: replaying the engine's events since {} and diagnosing the crashes since then",
                    Instant.ofEpochSecond(0, since));
        }
    }

    long lastSeen() {
        return lastSeenNanos.get();
    }

    /** The events up to {@code nanos} were seen (it never moves back). */
    void seen(long nanos) {
        lastSeenNanos.accumulateAndGet(nanos, Math::max);
    }

    /** The time since which crashes are still to be looked for (0: none); the look is now under way. */
    long takeExitsSince() {
        long exits = exitsSinceNanos;
        exitsSinceNanos = 0;
        return exits;
    }

    /** The look for crashes since {@code sinceNanos} failed: the next connect looks again. */
    void exitsAgain(long sinceNanos) {
        exitsSinceNanos = sinceNanos;
    }

    /** As {@link #exitsAgain}, unless a look is already pending. */
    void exitsAgainUnlessPending(long sinceNanos) {
        if (exitsSinceNanos == 0) {
            exitsSinceNanos = sinceNanos;
        }
    }

    void exitScanStarted() {
        exitScans.incrementAndGet();
    }

    void exitScanDone() {
        exitScans.decrementAndGet();
    }

    /**
     * Saves the time up to which the engine's events were seen, less {@link #CHECKPOINT_LAG}: while the stream is up
     * that is now (the stream delivers everything), else the last event or connect. It never moves back, and not
     * while the crashes since the previous checkpoint are still being looked at (a second crash of the agent then
     * looks at them again).
     */
    synchronized void save(boolean streamUp) {
        try {
            long seen = streamUp ? nowNanos() : lastSeenNanos.get();
            long at = seen - CHECKPOINT_LAG.toNanos();
            if (seen <= 0 || at <= savedCheckpoint || exitsSinceNanos != 0 || exitScans.get() > 0) {
                return;
            }
            checkpoint.save(at);
            savedCheckpoint = at;
        } catch (RuntimeException e) { // NOPMD: the ticker thread must survive a failed save
            log.warn("cannot save the event checkpoint: {}", e.getMessage());
        }
    }
}
