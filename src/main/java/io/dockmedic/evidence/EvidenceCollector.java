package io.dockmedic.evidence;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineException;
import io.dockmedic.docker.PendingCall;
import io.dockmedic.stack.Stack;
import io.dockmedic.state.Trigger;
import io.dockmedic.text.LogText;
import io.dockmedic.text.Redactor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Collects and redacts the evidence about one container: the last N log lines since its last
 * start, the latest health-probe outputs, exit code, OOM flag, restart count, compose context and
 * env var names. Secret values never leave this method unredacted.
 */
public final class EvidenceCollector {
    /** Log lines read from each service the failing one depends on. */
    static final int NEIGHBOR_LINES = 50;
    /**
     * Neighbours' log reads sent ahead of the one awaited. With the own read, a lane has at most 3 engine calls out:
     * 16 lanes then stay within the engine client's 16 threads and 64 queued calls, beyond which calls fail at once.
     */
    static final int NEIGHBOR_READS_AHEAD = 2;

    private final Engine engine;
    private final int logLines;
    private final int probeLines;

    public EvidenceCollector(Engine engine, int logLines, int probeLines) {
        this.engine = engine;
        this.logLines = logLines;
        this.probeLines = probeLines;
    }

    /**
     * The container's own log read (the last N lines since its last start), sent to the engine before its stack is
     * read, so that the diagnosis waits for both at once. Hand it to {@link #collect(ContainerInfo, Stack, Trigger,
     * long, Integer, LogRead)}, or {@link LogRead#cancel} it.
     */
    public static final class LogRead {
        private final PendingCall<List<String>> pending;
        private final long since;

        private LogRead(PendingCall<List<String>> pending, long since) {
            this.pending = pending;
            this.since = since;
        }

        /** Gives the read up (the diagnosis goes no further). */
        public void cancel() {
            pending.cancel();
        }
    }

    /** Starts the read of the container's own logs; see {@link LogRead}. */
    public LogRead startLogs(ContainerInfo info, Trigger trigger) {
        long since = 0;
        // after a die the container may already run again: then its "last start" is the new run
        boolean sinceLastStart = info.startedAt() != null && trigger != Trigger.DIE && trigger != Trigger.OOM;
        if (sinceLastStart) {
            since = info.startedAt().getEpochSecond();
        }
        return new LogRead(engine.startLogs(info.id(), since, logLines), since);
    }

    /** Evidence of the container alone. */
    public Evidence collect(ContainerInfo info, Trigger trigger, long eventTimeNanos, Integer exitCode)
            throws EngineException {
        return collect(info, Stack.single(info), trigger, eventTimeNanos, exitCode);
    }

    /**
     * Evidence of the container in its stack: also the stack probes' facts and the recent logs of
     * the services it depends on; every secret of every container of the stack is masked.
     */
    public Evidence collect(ContainerInfo info, Stack stack, Trigger trigger, long eventTimeNanos, Integer exitCode)
            throws EngineException {
        return collect(info, stack, trigger, eventTimeNanos, exitCode, startLogs(info, trigger));
    }

    /**
     * {@link #collect(ContainerInfo, Stack, Trigger, long, Integer)} with the container's own log read already
     * started; the neighbours' reads are all sent before the first is awaited.
     */
    public Evidence collect(ContainerInfo info, Stack stack, Trigger trigger, long eventTimeNanos, Integer exitCode,
                            LogRead own) throws EngineException {
        Map<String, ContainerInfo> neighbours = new LinkedHashMap<>();
        for (String dep : stack.dependenciesOf(info)) {
            stack.service(dep).filter(d -> !d.id().equals(info.id())).ifPresent(d -> neighbours.put(dep, d));
        }
        NeighbourReads reads = new NeighbourReads(neighbours);
        try {
            return collect(info, stack, trigger, eventTimeNanos, exitCode, own, reads);
        } finally {
            own.cancel(); // no-ops once answered; frees the engine's threads when this diagnosis failed half-way
            reads.cancel();
        }
    }

    /** The neighbours' log reads in order, {@link #NEIGHBOR_READS_AHEAD} sent ahead of the one awaited. */
    private final class NeighbourReads {
        private final List<Map.Entry<String, ContainerInfo>> todo;
        private final List<PendingCall<List<String>>> sent = new ArrayList<>();

        NeighbourReads(Map<String, ContainerInfo> neighbours) {
            this.todo = List.copyOf(neighbours.entrySet());
            sendUpTo(NEIGHBOR_READS_AHEAD);
        }

        private void sendUpTo(int count) {
            while (sent.size() < Math.min(count, todo.size())) {
                ContainerInfo d = todo.get(sent.size()).getValue();
                long since = d.startedAt() == null ? 0 : d.startedAt().getEpochSecond();
                sent.add(engine.startLogs(d.id(), since, NEIGHBOR_LINES));
            }
        }

        int size() {
            return todo.size();
        }

        String service(int i) {
            return todo.get(i).getKey();
        }

        /** The i-th read's lines; sends the next one ahead. */
        List<String> await(int i) throws EngineException {
            sendUpTo(i + 1 + NEIGHBOR_READS_AHEAD);
            return sent.get(i).await();
        }

        void cancel() {
            sent.forEach(PendingCall::cancel);
        }
    }

    private Evidence collect(ContainerInfo info, Stack stack, Trigger trigger, long eventTimeNanos, Integer exitCode,
                             LogRead own, NeighbourReads neighbourReads) throws EngineException {
        List<String> raw = own.pending.await();
        if (raw.isEmpty() && own.since > 0) {
            raw = engine.logs(info.id(), 0, logLines);
        }
        Redactor redactor = Redactor.forEnvs(stack.services().values().stream().map(ContainerInfo::env).toList());
        List<String> logs = redactor.redactAll(raw);
        List<String> probes = new ArrayList<>();
        List<ContainerInfo.HealthProbe> all = info.probes();
        for (ContainerInfo.HealthProbe p : all.subList(Math.max(0, all.size() - probeLines), all.size())) {
            if (p.exitCode() != null && p.exitCode() == 0) {
                continue; // a passing probe is no evidence of failure
            }
            Redactor.Session session = redactor.session(); // one output: a key block may span its lines
            for (String line : p.output().split("\\R")) {
                String clean = session.redact(LogText.clean(line, LogText.DEFAULT_MAX_LINE_CHARS));
                if (!clean.isBlank()) {
                    probes.add(clean);
                }
            }
        }
        Set<String> names = new TreeSet<>(info.env().keySet());
        Set<String> empty = new TreeSet<>();
        for (Map.Entry<String, String> e : info.env().entrySet()) {
            if (e.getValue() == null || e.getValue().isBlank()) {
                empty.add(e.getKey());
            }
        }
        Integer exit = exitCode != null ? exitCode : (info.running() ? null : info.exitCode());
        List<String> neighbors = new ArrayList<>();
        for (int i = 0; i < neighbourReads.size(); i++) {
            for (String line : redactor.redactAll(neighbourReads.await(i))) {
                neighbors.add(neighbourReads.service(i) + " | " + line);
            }
        }
        return Evidence.of(info).trigger(trigger).logLines(logs).probeOutputs(probes).exitCode(exit).envNames(names)
                .emptyEnvNames(empty).eventTimeNanos(eventTimeNanos).facts(StackProbe.facts(info, stack))
                .neighborLogs(neighbors).build();
    }
}
