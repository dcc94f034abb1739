package io.dockmedic.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockmedic.diagnosis.Diagnosis;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.diagnosis.TimelineFormat;
import io.dockmedic.rules.Lang;
import io.dockmedic.text.Redactor;
import io.dockmedic.text.SafeJson;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Alerts for Alertmanager's v2 API ({@code POST /api/v2/alerts}, a JSON list), as contract section 7
 * fixes them: labels {@code alertname="DockmedicDiagnosis"}, project, service, container, rule,
 * category, severity (an empty one left out, as Prometheus does); annotations summary, description,
 * remedy, evidence (redacted), summary_zh, remedy_zh. A firing alert's {@code endsAt} lies
 * {@link #HOLD} ahead and is pushed again before then while the diagnosis holds; a cleared one is
 * pushed once with an {@code endsAt} in the past, which resolves it.
 */
final class Alertmanager {
    static final String ALERTNAME = "DockmedicDiagnosis";
    /** How long a pushed alert holds without a refresh. */
    static final Duration HOLD = Duration.ofMinutes(5);
    private static final int EVIDENCE_LINES = 10;

    private final URI endpoint;
    private final Optional<String> generatorUrl;

    Alertmanager(URI base, Optional<String> generatorUrl) {
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        this.endpoint = base.resolve((path.endsWith("/") ? path : path + "/") + "api/v2/alerts");
        this.generatorUrl = generatorUrl;
    }

    /** An alert as it was first diagnosed (for {@code startsAt}) with the latest report. */
    record Alert(Report report, Instant startsAt) {
    }

    /** Pushes {@code firing} alerts (ending {@link #HOLD} after {@code now}) and {@code resolved} ones (ended). */
    Request push(Collection<Alert> firing, Collection<Alert> resolved, Instant now) {
        ArrayNode list = SafeJson.mapper().createArrayNode();
        firing.forEach(a -> list.add(alert(a, now.plus(HOLD))));
        // a second ago, but never before startsAt: Alertmanager refuses an alert that ends before it starts
        resolved.forEach(a -> list.add(alert(a, latest(a.startsAt(), now.minusSeconds(1)))));
        return Request.json(endpoint, SafeJson.compact(list));
    }

    private ObjectNode alert(Alert a, Instant endsAt) {
        Report r = a.report();
        Diagnosis d = r.top();
        ObjectNode o = SafeJson.object();
        ObjectNode labels = o.putObject("labels");
        labels.put("alertname", ALERTNAME);
        label(labels, "project", r.project());
        label(labels, "service", r.serviceOrName());
        label(labels, "container", r.container());
        label(labels, "rule", d.rule());
        label(labels, "category", d.category().id());
        label(labels, "severity", d.severity().id());
        ObjectNode ann = o.putObject("annotations");
        ann.put("summary", d.title().get(Lang.EN));
        ann.put("description", d.cause().get(Lang.EN) + (r.symptomOf() == null ? "" : " (symptom of " + r.symptomOf() + ")"));
        ann.put("remedy", d.remedy().get(Lang.EN));
        List<String> ev = Redactor.generic().redactAll(d.evidence());
        List<String> shown = new java.util.ArrayList<>(ev.subList(Math.max(0, ev.size() - EVIDENCE_LINES), ev.size()));
        shown.addAll(TimelineFormat.summary(r, Lang.EN)); // crash loop, flapping, failing probes
        ann.put("evidence", String.join("\n", shown));
        ann.put("summary_zh", d.title().get(Lang.ZH));
        ann.put("remedy_zh", d.remedy().get(Lang.ZH));
        o.put("startsAt", a.startsAt().toString());
        o.put("endsAt", endsAt.toString());
        generatorUrl.ifPresent(u -> o.put("generatorURL", u));
        return o;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static void label(ObjectNode labels, String name, String value) {
        if (value != null && !value.isEmpty()) {
            labels.put(name, value);
        }
    }
}
