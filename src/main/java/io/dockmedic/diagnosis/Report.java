package io.dockmedic.diagnosis;

import java.time.Instant;
import java.util.List;

/**
 * The diagnosis of one container at one moment: its identity, what triggered it, and the causes
 * found, best first. An empty {@link #diagnoses} means nothing matched; then {@link #unclassified}
 * holds the most error-like lines and {@link #signature} their template's id.
 */
public record Report(
        String container,
        String containerId,
        String project,
        String service,
        String trigger,
        List<Diagnosis> diagnoses,
        List<String> unclassified,
        String signature,
        long eventTimeNanos,
        Instant diagnosedAt) {

    public Report {
        diagnoses = List.copyOf(diagnoses);
        unclassified = List.copyOf(unclassified);
    }

    public boolean matched() {
        return !diagnoses.isEmpty();
    }

    /** The top diagnosis, or the unclassified stand-in when nothing matched. */
    public Diagnosis top() {
        return diagnoses.isEmpty() ? Diagnosis.unclassified(unclassified) : diagnoses.get(0);
    }

    public String serviceOrName() {
        return service.isEmpty() ? container : service;
    }
}
