package io.dockmedic.remediation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockmedic.diagnosis.Diagnosis;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.journal.Journal;
import io.dockmedic.metrics.DockmedicMetrics;
import io.dockmedic.text.Printable;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where remediation's decisions and actions are written: the {@link Journal}, the metrics
 * ({@code dockmedic_remediations_total{outcome}}, {@code dockmedic_remediation_circuit_open}), the log,
 * and every {@link RemediationListener}. The contract's spellings ({@link Outcome#id()},
 * {@link Reason.Code#id()}) are applied here, at the edge. Names from labels are escaped.
 */
final class Recorder {
    private static final Logger log = LoggerFactory.getLogger("dockmedic.remediation");

    private final Journal journal;
    private final DockmedicMetrics metrics;
    private final Clock clock;
    private final String mode;
    private final List<RemediationListener> listeners = new CopyOnWriteArrayList<>();

    Recorder(Journal journal, DockmedicMetrics metrics, Clock clock, String mode) {
        this.journal = journal;
        this.metrics = metrics;
        this.clock = clock;
        this.mode = mode;
    }

    void addListener(RemediationListener l) {
        listeners.add(l);
    }

    Journal journal() {
        return journal;
    }

    void diagnosis(Report report) {
        Diagnosis d = report.top();
        ObjectNode r = who(Journal.record("diagnosis"), report);
        r.put("rule", d.rule()).put("category", d.category().id()).put("severity", d.severity().id())
                .put("trigger", report.trigger().wire());
        if (d.symptomOf() != null) {
            r.put("symptom_of", Printable.escape(d.symptomOf()));
        }
        journal.append(r);
    }

    /** A decision with its outcome: counted, journaled, logged; succeeded, failed and blocked are also published. */
    void decision(Candidate c, String playbook, Outcome outcome, Reason reason) {
        metrics.remediation(c.project(), c.service(), playbook, outcome.id());
        ObjectNode r = who(Journal.record("decision"), c.report());
        r.put("playbook", playbook).put("outcome", outcome.id()).put("reason", reason.text())
                .put("reason_code", reason.code().id()).put("mode", mode);
        journal.append(r);
        log.info("remediation {} {}/{} playbook={} container={}: {}", outcome.id(), c.project(), c.service(), playbook,
                c.report().container(), reason.text());
        switch (outcome) {
            case SUCCEEDED -> publish(RemediationEvent.Kind.SUCCEEDED, c, playbook, reason);
            case FAILED -> publish(RemediationEvent.Kind.FAILED, c, playbook, reason);
            case BLOCKED -> publish(RemediationEvent.Kind.BLOCKED, c, playbook, reason);
            default -> {
                // skipped and dry_run: nothing happened that anyone must be told about
            }
        }
    }

    void actionStarted(Candidate c, Playbook pb) {
        ObjectNode started = who(Journal.record("action"), c.report());
        started.put("playbook", pb.name()).put("state", "started").put("steps", Steps.describe(pb));
        journal.append(started);
        publish(RemediationEvent.Kind.ACTED, c, pb.name(), Reason.of(Reason.Code.STARTED, "started " + Steps.describe(pb)));
    }

    void circuitOpened(Candidate c, String playbook, Reason reason) {
        metrics.circuitOpen(c.project(), c.service(), true);
        log.warn("circuit open for {}/{}: {}", c.project(), c.service(), reason.text());
        ObjectNode r = who(Journal.record("circuit"), c.report());
        r.put("state", "open").put("reason", reason.text());
        journal.append(r);
        publish(RemediationEvent.Kind.CIRCUIT_OPEN, c, playbook, reason);
    }

    /** Breakers closed by an operator: gauges to 0, one event per service. */
    void rearmed(List<Envelope.Service> services, String requested) {
        for (Envelope.Service s : services) {
            metrics.circuitOpen(s.project(), s.service(), false);
            publish(new RemediationEvent(RemediationEvent.Kind.REARMED,
                    new RemediationEvent.Subject(s.project(), s.service(), "", ""), "-",
                    Reason.of(Reason.Code.REARMED, "rearmed by request (" + requested + ")"),
                    java.util.Optional.empty(), clock.instant()));
        }
    }

    private void publish(RemediationEvent.Kind kind, Candidate c, String playbook, Reason reason) {
        publish(RemediationEvent.about(kind, c.report(), playbook, reason, clock.instant()));
    }

    private void publish(RemediationEvent e) {
        for (RemediationListener l : listeners) {
            try {
                l.on(e);
            } catch (RuntimeException ex) {
                log.warn("remediation listener {} failed on {}: {}", l.getClass().getSimpleName(), e.kind().id(), ex.toString());
            }
        }
    }

    /** Names from container labels go into the journal and webhooks with control and bidi characters escaped. */
    static ObjectNode who(ObjectNode n, Report r) {
        return n.put("project", Printable.escape(r.project())).put("service", Printable.escape(r.serviceOrName()))
                .put("container", Printable.escape(r.container()));
    }
}
