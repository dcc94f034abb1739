package io.dockmedic.agent;

import io.dockmedic.diagnosis.Report;
import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.evidence.Pattern;
import io.dockmedic.evidence.Timeline;
import io.dockmedic.evidence.Timelines;
import io.dockmedic.metrics.DockmedicMetrics;
import io.dockmedic.state.Health;
import io.dockmedic.watch.ContainerRef;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The pipeline's side of the containers' timelines: feeds {@link Timelines} from the watcher's calls,
 * exports the failing streak, restarts, crash loops and flapping, and holds a diagnosis past a
 * recovery while its crash loop or flapping lasts (a crash-looping container "recovers" at every
 * restart, a flapping one at every healthy probe: one finding each, not a message per turn).
 */
final class TimelineTracker {
    private final Timelines timelines;
    private final DockmedicMetrics metrics;
    private final Clock clock;
    /** Containers whose recovery waits for their pattern to end, and whose pattern gauges are exported. */
    private final Map<String, ContainerRef> held = new ConcurrentHashMap<>();
    private final Map<String, ContainerRef> shown = new ConcurrentHashMap<>();

    TimelineTracker(Timelines timelines, DockmedicMetrics metrics, Clock clock) {
        this.timelines = timelines;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Named as the other series are: a Swarm task by its slot, so that its replacements share the series. */
    private static DockmedicMetrics.Who who(ContainerRef ref) {
        return Pipeline.who(ref);
    }

    void started(ContainerInfo info) {
        ContainerRef ref = ContainerRef.of(info);
        metrics.restarted(who(ref), timelines.started(info));
    }

    void health(ContainerRef ref, Health status) {
        boolean flaps = timelines.health(ref.id(), status, clock.instant()).isPresent();
        export(ref, timelines.crashLoop(ref.id(), clock.instant()).isPresent(), flaps);
        if (status == Health.HEALTHY) {
            metrics.failingStreak(ref.key(), who(ref), 0);
        }
    }

    /** The report with the container's timeline, its streak and patterns exported. */
    Report failing(ContainerInfo info, Integer exitCode, Report report) {
        ContainerRef ref = ContainerRef.of(info);
        Timeline t = timelines.failing(info, exitCode, clock.instant());
        if (info.hasHealthcheck()) {
            metrics.failingStreak(ref.key(), who(ref), t.probes().failingStreak());
        }
        export(ref, t.crashLoop().isPresent(), t.flapping());
        return report.withTimeline(t);
    }

    /** The same cause again within a pattern that goes on: nothing new to count or tell. */
    static boolean continues(Report before, Report now) {
        if (before == null || !before.top().rule().equals(now.top().rule()) || now.timeline().patterns().isEmpty()) {
            return false;
        }
        Set<String> was = ids(before);
        return was.containsAll(ids(now));
    }

    private static Set<String> ids(Report r) {
        return Set.copyOf(r.timeline().patterns().stream().map(Pattern::id).toList());
    }

    /** Whether the recovery of this container waits for its crash loop or flapping to end (then it is held). */
    boolean holdsRecovery(ContainerRef ref, boolean diagnosed) {
        if (diagnosed && timelines.holds(ref.id(), clock.instant())) {
            held.put(ref.id(), ref);
            return true;
        }
        held.remove(ref.id());
        return false;
    }

    /** On each refresh tick: patterns that ended stop being exported, held recoveries whose pattern ended go ahead. */
    void tick(Consumer<ContainerRef> recover) {
        for (ContainerRef ref : List.copyOf(shown.values())) {
            export(ref, timelines.crashLoop(ref.id(), clock.instant()).isPresent(),
                    timelines.flapping(ref.id(), clock.instant()).isPresent());
        }
        for (ContainerRef ref : List.copyOf(held.values())) {
            if (!timelines.holds(ref.id(), clock.instant())) {
                held.remove(ref.id());
                recover.accept(ref);
            }
        }
    }

    void removed(ContainerRef ref) {
        timelines.forget(ref.id());
        held.remove(ref.id());
        shown.remove(ref.id());
    }

    private void export(ContainerRef ref, boolean crashLoop, boolean flapping) {
        metrics.crashLoop(ref.key(), who(ref), crashLoop);
        metrics.flapping(ref.key(), who(ref), flapping);
        if (crashLoop || flapping) {
            shown.put(ref.id(), ref);
        } else {
            shown.remove(ref.id());
        }
    }
}
