package io.dockmedic.agent;

import io.dockmedic.diagnosis.Correlator;
import io.dockmedic.diagnosis.Diagnoser;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineException;
import io.dockmedic.evidence.Evidence;
import io.dockmedic.evidence.EvidenceCollector;
import io.dockmedic.stack.ComposeFiles;
import io.dockmedic.stack.InspectCache;
import io.dockmedic.stack.Stack;
import io.dockmedic.state.Health;
import io.dockmedic.state.Trigger;
import io.dockmedic.watch.ContainerRef;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one diagnosis path, for the agent ({@link Pipeline}) and for {@code dockmedic diagnose
 * CONTAINER}: read the container's compose stack, collect its evidence, classify it, and mark its
 * root cause across the stack ({@link Correlator}). The agent keeps one correlator for its whole
 * life; the CLI fills a fresh one with the failing services the container depends on, so it reports
 * what the agent reports, {@code symptom_of} included.
 */
public final class DiagnosisService {
    private static final Logger log = LoggerFactory.getLogger("dockmedic.diagnosis");

    private final Engine engine;
    private final EvidenceCollector collector;
    private final Diagnoser diagnoser;
    private final InspectCache neighbours;
    private final ComposeFiles composeFiles;

    /**
     * @param neighbours   neighbours' inspect results, shared by the diagnoses of one burst
     * @param composeFiles compose files named by the projects' labels, parsed once per change
     */
    public DiagnosisService(Engine engine, EvidenceCollector collector, Diagnoser diagnoser, InspectCache neighbours,
                            ComposeFiles composeFiles) {
        this.engine = engine;
        this.collector = collector;
        this.diagnoser = diagnoser;
        this.neighbours = neighbours;
        this.composeFiles = composeFiles;
    }

    /**
     * A classified container, the services it depends on in its stack (for the correlator) and, of
     * those, the containers found (as inspected for its stack).
     */
    public record Diagnosed(ContainerRef ref, Set<String> dependsOn, List<ContainerInfo> dependencies, Report report) {
        public Diagnosed {
            dependsOn = Set.copyOf(dependsOn);
            dependencies = List.copyOf(dependencies);
        }

        /** Its place in the correlator, under the container's id. */
        public Correlator.Entry entry() {
            return new Correlator.Entry(ref.id(), ref.project(), ref.serviceOrName(), dependsOn, report);
        }
    }

    /**
     * Stack, evidence and classification of one container. When the engine fails, the container is
     * diagnosed alone, or on what inspect told; a {@code refresh} instead gives nothing (it only
     * replaces a diagnosis with a better-founded one, never with a blind one).
     */
    public Optional<Diagnosed> diagnose(ContainerInfo info, Trigger trigger, long eventTimeNanos, Integer exitCode) {
        return diagnose(info, trigger, eventTimeNanos, exitCode, PhaseTimes.none());
    }

    /** {@link #diagnose(ContainerInfo, Trigger, long, Integer)}, its phases timed on {@code times}. */
    Optional<Diagnosed> diagnose(ContainerInfo info, Trigger trigger, long eventTimeNanos, Integer exitCode,
                                 PhaseTimes times) {
        ContainerRef ref = ContainerRef.of(info);
        boolean refresh = trigger == Trigger.REFRESH;
        // the container's own logs are read while its stack is (both wait on the engine)
        EvidenceCollector.LogRead ownLogs = collector.startLogs(info, trigger);
        Stack stack;
        try {
            stack = Stack.read(engine, info, neighbours, composeFiles);
        } catch (EngineException e) {
            if (refresh) {
                ownLogs.cancel();
                return Optional.empty();
            }
            log.warn("{}: cannot read its compose stack, diagnosing it alone: {}", ref.name(), e.getMessage());
            stack = Stack.single(info);
        }
        times.stackRead();
        Evidence evidence;
        try {
            evidence = collector.collect(info, stack, trigger, eventTimeNanos, exitCode, ownLogs);
        } catch (EngineException e) {
            if (refresh) {
                log.debug("{}: refresh skipped, evidence unavailable: {}", ref.name(), e.getMessage());
                return Optional.empty();
            }
            log.warn("{}: cannot collect evidence: {}", ref.name(), e.getMessage());
            evidence = Evidence.of(info).trigger(trigger).exitCode(exitCode).eventTimeNanos(eventTimeNanos).build();
        }
        times.evidenceCollected();
        Set<String> dependsOn = stack.dependenciesOf(info);
        List<ContainerInfo> dependencies = dependsOn.stream().map(stack::service).flatMap(Optional::stream)
                .filter(c -> !c.id().equals(info.id())).toList();
        Report report = diagnoser.diagnose(evidence);
        times.classified();
        return Optional.of(new Diagnosed(ref, dependsOn, dependencies, report));
    }

    /** Classifies evidence made without the engine (a compose service that should run and does not). */
    public Report classify(Evidence evidence) {
        return diagnoser.diagnose(evidence);
    }

    /**
     * {@code dockmedic diagnose CONTAINER}: the container now ({@code manual}), correlated with every
     * service it depends on, directly or through others, that is failing now (what the agent would
     * have diagnosed already). Returns the container's report with its symptom marking.
     */
    public Report diagnoseNow(ContainerInfo info) {
        Diagnosed target = diagnose(info, Trigger.MANUAL, 0L, null).orElseThrow();
        Correlator correlator = new Correlator();
        Deque<Diagnosed> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>(Set.of(info.id()));
        todo.add(target);
        while (!todo.isEmpty()) {
            Diagnosed d = todo.poll();
            correlator.put(d.entry());
            for (ContainerInfo dep : d.dependencies()) {
                if (failingNow(dep) && seen.add(dep.id())) {
                    diagnose(dep, Trigger.MANUAL, 0L, null).ifPresent(todo::add);
                }
            }
        }
        return correlator.get(info.id()).report();
    }

    /** What the watcher would have diagnosed: unhealthy, or exited with a crash (see {@link ContainerInfo#crashed()}). */
    static boolean failingNow(ContainerInfo c) {
        return c.healthStatus() == Health.UNHEALTHY || !c.running() && c.crashed();
    }
}
