package io.dockmedic.notify;

import io.dockmedic.rules.Severity;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message to people, already in the configured language, redacted and escaped: what a channel
 * renders. Short on a phone: a title, the cause in one sentence, the remedy's first step, the last
 * evidence line, and a dashboard link when one is configured.
 */
public record Message(Kind kind, Subject subject, Body body, Optional<String> link) {

    public Message {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(link, "link");
    }

    /** What happened; the spelling is the {@code kind} field of the generic webhook. */
    public enum Kind {
        DIAGNOSIS("diagnosis"), RESOLVED("resolved"), HEALING_ACTED("healing_acted"), HEALING_FAILED("healing_failed"),
        CIRCUIT_OPEN("circuit_open"), REARMED("rearmed");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** Whom it is about: the root service, and the services failing because of it. */
    public record Subject(String project, String service, String container, String rule, String category,
                          Severity severity, List<String> symptoms) {
        public Subject {
            symptoms = List.copyOf(symptoms);
        }
    }

    /**
     * The texts: title, cause (one sentence), first step of the remedy, last evidence line followed by a line per
     * pattern in time or failing probes of the report's timeline (may be empty).
     */
    public record Body(String title, String cause, String step, String evidence) {
    }

    /** The whole message as plain text lines (title first), for channels that take one text. */
    public String text() {
        StringBuilder sb = new StringBuilder(body.title());
        for (String line : List.of(body.cause(), body.step(), body.evidence())) {
            if (!line.isEmpty()) {
                sb.append('\n').append(line);
            }
        }
        link.ifPresent(l -> sb.append('\n').append(l));
        return sb.toString();
    }

    /** Everything but the title, for channels with a separate title field. */
    public String details() {
        String t = text();
        int nl = t.indexOf('\n');
        return nl < 0 ? "" : t.substring(nl + 1);
    }
}
