package io.dockmedic.evidence;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.state.Health;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every container's timeline, fed from what the watcher reports: probe history (from each inspect),
 * exits (crash loops), health changes (flapping) and starts (restart counts). Its answers are the
 * {@link Timeline} a report carries. Thread-safe.
 */
public final class Timelines {
    private final ProbeHistory probes;
    private final CrashLoops crashLoops;
    private final Flaps flaps;

    public Timelines(ProbeHistory probes, CrashLoops crashLoops, Flaps flaps) {
        this.probes = probes;
        this.crashLoops = crashLoops;
        this.flaps = flaps;
    }

    /** Defaults: 10 probes, 3 exits in 10 minutes, more than 4 health changes in 10 minutes. */
    public static Timelines defaults() {
        return new Timelines(new ProbeHistory(10), new CrashLoops(3, Duration.ofMinutes(10)),
                new Flaps(4, Duration.ofMinutes(10)));
    }

    /** The container started; returns how many restarts by the engine that makes since the last look. */
    public int started(ContainerInfo info) {
        probes.record(info);
        return crashLoops.started(info.id(), info.restartCount());
    }

    /** The container's health is now {@code status}; returns its flapping if it flaps. */
    public Optional<Pattern.Flapping> health(String containerId, Health status, Instant at) {
        return flaps.health(containerId, Flaps.Side.of(status), at);
    }

    /**
     * The container is being diagnosed: adds this inspect's probes and, for an exit ({@code exitCode} given, or
     * an exited container), the exit; returns its timeline.
     */
    public Timeline failing(ContainerInfo info, Integer exitCode, Instant at) {
        Probes p = probes.record(info);
        List<Pattern> patterns = new ArrayList<>(2);
        Integer code = exitCode != null ? exitCode : info.running() ? null : info.exitCode();
        Optional<Pattern.CrashLoop> loop = code != null && info.finishedAt() != null
                ? crashLoops.exited(info.id(), new Exit(info.finishedAt(), code, info.oomKilled()), info.restartCount())
                : crashLoops.current(info.id(), at);
        loop.ifPresent(patterns::add);
        flaps.current(info.id(), at).ifPresent(patterns::add);
        return Timeline.of(p, patterns);
    }

    /** Whether a crash loop or flapping still holds for the container: then a recovery does not clear it yet. */
    public boolean holds(String containerId, Instant now) {
        return crashLoops.current(containerId, now).isPresent() || flaps.current(containerId, now).isPresent();
    }

    public Optional<Pattern.CrashLoop> crashLoop(String containerId, Instant now) {
        return crashLoops.current(containerId, now);
    }

    public Optional<Pattern.Flapping> flapping(String containerId, Instant now) {
        return flaps.current(containerId, now);
    }

    public Probes probes(String containerId) {
        return probes.get(containerId);
    }

    public void forget(String containerId) {
        probes.forget(containerId);
        crashLoops.forget(containerId);
        flaps.forget(containerId);
    }
}
