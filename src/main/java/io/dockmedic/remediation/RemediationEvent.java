package io.dockmedic.remediation;

import io.dockmedic.diagnosis.Report;
import java.time.Instant;
import java.util.Optional;

/**
 * Something remediation did or decided that people may want to be told about, for
 * {@link RemediationListener}s. Names come from container labels: outside text, escape them where
 * they are written.
 *
 * @param playbook the playbook's name, or {@code -} when none was chosen
 * @param report   the diagnosis it is about; empty for {@link Kind#REARMED} (a request names a service)
 */
public record RemediationEvent(Kind kind, Subject subject, String playbook, Reason reason, Optional<Report> report,
                               Instant time) {

    /** What happened; {@link #id()} is the spelling in JSON. */
    public enum Kind {
        /** A playbook that changes containers started. */
        ACTED("acted"),
        /** It brought the container back to healthy. */
        SUCCEEDED("succeeded"),
        /** It did not: healing failed. */
        FAILED("failed"),
        /** The budget is spent: no more remediation of the service until rearmed or cooled off. */
        CIRCUIT_OPEN("circuit_open"),
        /** An operator rearmed the breaker. */
        REARMED("rearmed"),
        /** Remediation was held back (paused, back-off, project limit, symptom of another service). */
        BLOCKED("blocked");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** Who it is about; {@code container} and {@code rule} are empty for a rearm. */
    public record Subject(String project, String service, String container, String rule) {
        static Subject of(Report r) {
            return new Subject(r.project(), r.serviceOrName(), r.container(), r.top().rule());
        }
    }

    static RemediationEvent about(Kind kind, Report report, String playbook, Reason reason, Instant time) {
        return new RemediationEvent(kind, Subject.of(report), playbook, reason, Optional.of(report), time);
    }
}
