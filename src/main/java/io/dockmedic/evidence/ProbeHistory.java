package io.dockmedic.evidence;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.text.LogText;
import io.dockmedic.text.Redactor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last N health-probe results of every container, longer than the engine's own five
 * ({@code State.Health.Log}): fed from the inspects the agent makes anyway (transitions, refresh
 * ticks, reconciles), merged by probe start time so that overlapping inspects add each probe once.
 * Outputs are redacted with the container's own secrets and capped before they are kept.
 * Thread-safe: each container's ring has its own lock.
 */
public final class ProbeHistory {
    /** At most this many characters of one probe's output are kept. */
    public static final int OUTPUT_CHARS = 300;

    private final int capacity;
    private final Map<String, Deque<ProbeResult>> rings = new ConcurrentHashMap<>();

    /** @param capacity results kept per container; 0 keeps none */
    public ProbeHistory(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0");
        }
        this.capacity = capacity;
    }

    /** The probe history one inspect shows (the engine's last five at most), for a one-shot diagnosis. */
    public static Probes of(ContainerInfo info, int capacity) {
        ProbeHistory h = new ProbeHistory(capacity);
        return h.record(info);
    }

    /** Adds the probes of this inspect that are newer than the newest kept; returns the container's history. */
    public Probes record(ContainerInfo info) {
        if (capacity == 0 || info.probes().isEmpty()) {
            return get(info.id());
        }
        Redactor redactor = Redactor.forEnvs(List.of(info.env()));
        Deque<ProbeResult> ring = rings.computeIfAbsent(info.id(), k -> new ArrayDeque<>());
        synchronized (ring) {
            Instant newest = ring.isEmpty() ? null : ring.peekLast().start();
            for (ContainerInfo.HealthProbe p : info.probes()) {
                if (p.start() == null || newest != null && !p.start().isAfter(newest)) {
                    continue;
                }
                ring.addLast(keep(p, redactor));
                newest = p.start();
                while (ring.size() > capacity) {
                    ring.removeFirst();
                }
            }
            return Probes.of(new ArrayList<>(ring));
        }
    }

    /** The container's history so far. */
    public Probes get(String containerId) {
        Deque<ProbeResult> ring = rings.get(containerId);
        if (ring == null) {
            return Probes.NONE;
        }
        synchronized (ring) {
            return Probes.of(new ArrayList<>(ring));
        }
    }

    /** Drops the container's history (it was removed). */
    public void forget(String containerId) {
        rings.remove(containerId);
    }

    private static ProbeResult keep(ContainerInfo.HealthProbe p, Redactor redactor) {
        Redactor.Session session = redactor.session(); // one output: a key block may span its lines
        StringBuilder out = new StringBuilder();
        for (String line : (p.output() == null ? "" : p.output()).split("\\R")) {
            String clean = session.redact(LogText.clean(line, LogText.DEFAULT_MAX_LINE_CHARS));
            if (clean.isBlank()) {
                continue;
            }
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(clean);
            if (out.length() >= OUTPUT_CHARS) {
                break;
            }
        }
        String text = out.length() > OUTPUT_CHARS ? out.substring(0, OUTPUT_CHARS) + "…" : out.toString();
        Duration took = p.end() == null || p.start() == null || p.end().isBefore(p.start()) ? null
                : Duration.between(p.start(), p.end());
        return new ProbeResult(p.start(), took, p.exitCode(), text);
    }
}
