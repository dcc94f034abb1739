package io.dockmedic.agent;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.evidence.EvidenceCollector;
import io.dockmedic.state.Trigger;
import io.dockmedic.watch.ContainerRef;
import io.dockmedic.watch.WatchListener;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The container's own log read, sent while the watcher inspects a container that turned unhealthy instead of after
 * (the two engine calls wait at once: under load each takes 100-400 ms). The read asks for the logs since the start
 * the watcher last saw; the diagnosis takes it when its inspect shows the same start, and otherwise gives it up and
 * reads again. At most one per container (a container's calls come one at a time, on its lane).
 */
final class LogReadsAhead {
    private final EvidenceCollector collector;
    private final Map<String, EvidenceCollector.LogRead> started = new ConcurrentHashMap<>();

    LogReadsAhead(EvidenceCollector collector) {
        this.collector = collector;
    }

    WatchListener.ReadAhead start(ContainerRef ref, Instant startedAt) {
        String id = ref.id();
        EvidenceCollector.LogRead read = collector.startLogs(id, startedAt);
        EvidenceCollector.LogRead before = started.put(id, read);
        if (before != null) {
            before.cancel();
        }
        return () -> {
            EvidenceCollector.LogRead left = started.remove(id);
            if (left != null) {
                left.cancel(); // no diagnosis took it
            }
        };
    }

    /** The read started ahead for this container, when it reads what the diagnosis would ask for now. */
    Optional<EvidenceCollector.LogRead> take(ContainerInfo info, Trigger trigger) {
        EvidenceCollector.LogRead read = started.remove(info.id());
        if (read == null) {
            return Optional.empty();
        }
        if (EvidenceCollector.readsFor(read, info, trigger)) {
            return Optional.of(read);
        }
        read.cancel(); // the container started again since: its logs since that start are wanted
        return Optional.empty();
    }
}
