package io.dockmedic.evidence;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineException;
import io.dockmedic.stack.Stack;
import io.dockmedic.state.Trigger;
import io.dockmedic.text.LogText;
import io.dockmedic.text.Redactor;
import java.util.ArrayList;
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

    private final Engine engine;
    private final int logLines;
    private final int probeLines;

    public EvidenceCollector(Engine engine, int logLines, int probeLines) {
        this.engine = engine;
        this.logLines = logLines;
        this.probeLines = probeLines;
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
        long since = 0;
        // after a die the container may already run again: then its "last start" is the new run
        boolean sinceLastStart = info.startedAt() != null && trigger != Trigger.DIE && trigger != Trigger.OOM;
        if (sinceLastStart) {
            since = info.startedAt().getEpochSecond();
        }
        List<String> raw = engine.logs(info.id(), since, logLines);
        if (raw.isEmpty() && since > 0) {
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
        for (String dep : stack.dependenciesOf(info)) {
            var d = stack.service(dep);
            if (d.isPresent() && !d.get().id().equals(info.id())) {
                long depSince = d.get().startedAt() == null ? 0 : d.get().startedAt().getEpochSecond();
                for (String line : redactor.redactAll(engine.logs(d.get().id(), depSince, NEIGHBOR_LINES))) {
                    neighbors.add(dep + " | " + line);
                }
            }
        }
        return Evidence.of(info).trigger(trigger).logLines(logs).probeOutputs(probes).exitCode(exit).envNames(names)
                .emptyEnvNames(empty).eventTimeNanos(eventTimeNanos).facts(StackProbe.facts(info, stack))
                .neighborLogs(neighbors).build();
    }
}
