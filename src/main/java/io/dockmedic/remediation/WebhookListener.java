package io.dockmedic.remediation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockmedic.diagnosis.Diagnosis;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.journal.Journal;
import io.dockmedic.text.Printable;
import io.dockmedic.text.Redactor;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The remediation webhook ({@code remediation.webhook_url}) as a {@link RemediationListener}: a
 * failed playbook is posted as {@code escalation}, an opened breaker as {@code circuit_open}; the
 * other events are not sent there. Also posts playbooks' {@code webhook}/{@code notify-only} steps.
 */
public final class WebhookListener implements RemediationListener, PlaybookRunner.StepNotifier, AutoCloseable {
    private final Webhook webhook;
    private final Optional<URI> url;
    private final String mode;
    private final Clock clock;

    WebhookListener(Webhook webhook, Optional<URI> url, String mode, Clock clock) {
        this.webhook = webhook;
        this.url = url;
        this.mode = mode;
        this.clock = clock;
    }

    @Override
    public void on(RemediationEvent e) {
        if (url.isEmpty() || e.report().isEmpty()) {
            return;
        }
        switch (e.kind()) {
            case FAILED -> send(url.get(), e.report().get(), "escalation", e.playbook(), Outcome.FAILED.id(), e.reason().text(), e.time());
            case CIRCUIT_OPEN -> send(url.get(), e.report().get(), "circuit_open", e.playbook(), Outcome.BLOCKED.id(),
                    e.reason().text(), e.time());
            default -> {
                // not sent to the remediation webhook (a notifier may send them)
            }
        }
    }

    @Override
    public void notifyStep(URI stepUrl, Candidate c, Playbook pb) {
        URI to = stepUrl != null ? stepUrl : url.orElse(null);
        if (to != null) {
            send(to, c.report(), "notify", pb.name(), "running", "step of " + pb.name(), clock.instant());
        }
    }

    private void send(URI to, Report report, String event, String playbook, String outcome, String reason, Instant time) {
        webhook.send(to, notification(report, event, playbook, outcome, reason, mode, time));
    }

    /**
     * The JSON a webhook receives: who, what happened and the diagnosis, its evidence redacted once more
     * (it was when collected) and names escaped: the payload leaves the process.
     */
    public static ObjectNode notification(Report report, String event, String playbook, String outcome, String reason,
                                          String mode, Instant time) {
        Diagnosis d = report.top();
        ObjectNode body = Recorder.who(Journal.record("dockmedic"), report);
        body.remove("type");
        body.put("event", event).put("playbook", playbook).put("outcome", outcome).put("reason", reason)
                .put("mode", mode).put("time", time.toString());
        ObjectNode dn = body.putObject("diagnosis");
        dn.put("rule", d.rule()).put("category", d.category().id()).put("severity", d.severity().id())
                .put("title", d.title().en()).put("remedy", d.remedy().en());
        if (d.symptomOf() != null) {
            dn.put("symptom_of", Printable.escape(d.symptomOf()));
        }
        ArrayNode ev = dn.putArray("evidence");
        Redactor.generic().redactAll(d.evidence()).forEach(ev::add);
        return body;
    }

    @Override
    public void close() {
        webhook.close();
    }
}
