package io.dockmedic.agent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one diagnosis spent its time, for {@code scripts/bench-latency.sh}: the engine event's age when the lane
 * handed the container to the pipeline (delivery, queueing, the watcher's inspect), then the stack, the evidence
 * (log reads), the rules and the export. Logged at DEBUG on {@code dockmedic.timing}, one line per diagnosis
 * ({@code -Ddockmedic.log.debug=dockmedic.timing}); nothing is exported as a metric.
 */
final class PhaseTimes {
    static final Logger log = LoggerFactory.getLogger("dockmedic.timing");

    private final long eventTimeNanos;
    private final long startWallMillis = System.currentTimeMillis();
    private long mark = System.nanoTime();
    private long stackNanos;
    private long evidenceNanos;
    private long rulesNanos;

    PhaseTimes(long eventTimeNanos) {
        this.eventTimeNanos = eventTimeNanos;
    }

    /** A clock that records nothing, for paths without an engine event (the CLI). */
    static PhaseTimes none() {
        return new PhaseTimes(0L);
    }

    private long lap() {
        long now = System.nanoTime();
        long d = now - mark;
        mark = now;
        return d;
    }

    void stackRead() {
        stackNanos = lap();
    }

    void evidenceCollected() {
        evidenceNanos = lap();
    }

    void classified() {
        rulesNanos = lap();
    }

    /** The report is exported: logs the line (when enabled and the diagnosis has an engine event). */
    void exported(String container, String trigger) {
        if (eventTimeNanos <= 0 || !log.isDebugEnabled()) {
            return;
        }
        long exportNanos = lap();
        long toPipeline = startWallMillis - eventTimeNanos / 1_000_000L;
        long total = System.currentTimeMillis() - eventTimeNanos / 1_000_000L;
        log.debug("timing container={} trigger={} event_to_pipeline_ms={} stack_ms={} evidence_ms={} rules_ms={} "
                        + "export_ms={} event_to_export_ms={}", container, trigger, toPipeline, ms(stackNanos),
                ms(evidenceNanos), ms(rulesNanos), ms(exportNanos), total);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000L;
    }
}
