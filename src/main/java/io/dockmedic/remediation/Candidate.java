package io.dockmedic.remediation;

import io.dockmedic.diagnosis.Report;
import java.time.Instant;
import java.util.Map;

/**
 * A diagnosed container waiting for a decision: its report, its labels when it was diagnosed, and
 * since when it has been failing (the grace period counts from there).
 */
record Candidate(Report report, Map<String, String> labels, Instant since) {
    Candidate {
        labels = Map.copyOf(labels);
    }

    String project() {
        return report.project();
    }

    String service() {
        return report.serviceOrName();
    }
}
