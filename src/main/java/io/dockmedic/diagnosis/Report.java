package io.dockmedic.diagnosis;

import io.dockmedic.evidence.Timeline;
import io.dockmedic.state.Trigger;
import java.time.Instant;
import java.util.List;

/**
 * The diagnosis of one container at one moment: its identity, what triggered it, and the causes
 * found, best first. An empty {@link #diagnoses} means nothing matched; then {@link #unclassified}
 * holds the most error-like lines and {@link #signature} their template's id. {@link #symptomOf}
 * names the service whose failure this one is a symptom of, or is null for a root cause.
 * {@link #probable} is the statistical fallback's guess when nothing matched (or null): shown, never
 * acted on.
 * {@link #timeline} holds what was seen over time: the recent health probes and failing streak, and
 * the patterns (crash loop, flapping) beside the diagnoses, whose categories stay the causes found.
 */
public record Report(
        String container,
        String containerId,
        String project,
        String service,
        Trigger trigger,
        List<Diagnosis> diagnoses,
        List<String> unclassified,
        String signature,
        long eventTimeNanos,
        Instant diagnosedAt,
        String symptomOf,
        Probable probable,
        Timeline timeline) {

    /** A report without a timeline. */
    public Report(String container, String containerId, String project, String service, Trigger trigger,
                  List<Diagnosis> diagnoses, List<String> unclassified, String signature, long eventTimeNanos,
                  Instant diagnosedAt, String symptomOf, Probable probable) {
        this(container, containerId, project, service, trigger, diagnoses, unclassified, signature, eventTimeNanos,
                diagnosedAt, symptomOf, probable, Timeline.NONE);
    }

    /** A report not (yet) related to the rest of its stack. */
    public Report(String container, String containerId, String project, String service, Trigger trigger,
                  List<Diagnosis> diagnoses, List<String> unclassified, String signature, long eventTimeNanos,
                  Instant diagnosedAt) {
        this(container, containerId, project, service, trigger, diagnoses, unclassified, signature, eventTimeNanos,
                diagnosedAt, null, null, Timeline.NONE);
    }

    /** A report related to the rest of its stack, without a probable cause. */
    public Report(String container, String containerId, String project, String service, Trigger trigger,
                  List<Diagnosis> diagnoses, List<String> unclassified, String signature, long eventTimeNanos,
                  Instant diagnosedAt, String symptomOf) {
        this(container, containerId, project, service, trigger, diagnoses, unclassified, signature, eventTimeNanos,
                diagnosedAt, symptomOf, null, Timeline.NONE);
    }

    public Report {
        diagnoses = List.copyOf(diagnoses);
        unclassified = List.copyOf(unclassified);
        timeline = timeline == null ? Timeline.NONE : timeline;
    }

    /** The same report with this timeline. */
    public Report withTimeline(Timeline t) {
        return new Report(container, containerId, project, service, trigger, diagnoses, unclassified, signature,
                eventTimeNanos, diagnosedAt, symptomOf, probable, t);
    }

    /** The container's health keeps changing: remediation leaves it alone (a restart would only hide it). */
    public boolean flapping() {
        return timeline.flapping();
    }

    public boolean matched() {
        return !diagnoses.isEmpty();
    }

    /** The top diagnosis, or the unclassified stand-in when nothing matched. */
    public Diagnosis top() {
        return diagnoses.isEmpty() ? Diagnosis.unclassified(unclassified).asSymptomOf(symptomOf) : diagnoses.get(0);
    }

    /** The same report with every diagnosis marked as a symptom of {@code rootService} (null: a root). */
    public Report withSymptomOf(String rootService) {
        List<Diagnosis> marked = new java.util.ArrayList<>(diagnoses.size());
        for (Diagnosis d : diagnoses) {
            marked.add(d.asSymptomOf(rootService));
        }
        return new Report(container, containerId, project, service, trigger, marked, unclassified, signature,
                eventTimeNanos, diagnosedAt, rootService, probable, timeline);
    }

    public String serviceOrName() {
        return service.isEmpty() ? container : service;
    }
}
