package io.dockmedic.notify;

import java.util.Objects;

/**
 * Something remediation did or decided, to be told through the same channels as diagnoses ("healing
 * failed" is the message users ask for most). Made by the agent from remediation's listener.
 *
 * @param reason why (outside text: it is redacted and escaped before it is sent)
 */
public record RemediationEvent(Kind kind, String container, String project, String service, String rule, String reason) {

    public RemediationEvent {
        Objects.requireNonNull(kind, "kind");
        container = Objects.requireNonNullElse(container, "");
        project = Objects.requireNonNullElse(project, "");
        service = Objects.requireNonNullElse(service, "");
        rule = Objects.requireNonNullElse(rule, "");
        reason = Objects.requireNonNullElse(reason, "");
    }

    /** The remediation events people are told about. */
    public enum Kind {
        /** A playbook ran and the container is being healed. */
        ACTED(Message.Kind.HEALING_ACTED),
        /** A playbook ran and did not heal the container. */
        FAILED(Message.Kind.HEALING_FAILED),
        /** The service's restart budget is spent: no more remediation until it is rearmed. */
        CIRCUIT_OPEN(Message.Kind.CIRCUIT_OPEN),
        /** Remediation is allowed again for the service. */
        REARMED(Message.Kind.REARMED);

        private final Message.Kind message;

        Kind(Message.Kind message) {
            this.message = message;
        }

        Message.Kind message() {
            return message;
        }
    }
}
