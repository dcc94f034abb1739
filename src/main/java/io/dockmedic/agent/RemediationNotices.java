package io.dockmedic.agent;

import io.dockmedic.notify.Notifier;
import io.dockmedic.remediation.RemediationEvent;
import io.dockmedic.remediation.RemediationListener;
import java.util.Optional;

/**
 * Tells people what remediation did: maps the remediation package's typed events onto the notifier's
 * (acted, failed, circuit open, rearmed). A success needs no message of its own (the diagnosis
 * resolves), and a block is a decision, not news.
 */
final class RemediationNotices implements RemediationListener {
    private final Notifier notifier;

    RemediationNotices(Notifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public void on(RemediationEvent e) {
        kind(e.kind()).ifPresent(k -> notifier.remediation(new io.dockmedic.notify.RemediationEvent(k,
                e.subject().container(), e.subject().project(), e.subject().service(), e.subject().rule(),
                e.reason() == null ? "" : e.reason().text())));
    }

    static Optional<io.dockmedic.notify.RemediationEvent.Kind> kind(RemediationEvent.Kind kind) {
        return Optional.ofNullable(switch (kind) {
            case ACTED -> io.dockmedic.notify.RemediationEvent.Kind.ACTED;
            case FAILED -> io.dockmedic.notify.RemediationEvent.Kind.FAILED;
            case CIRCUIT_OPEN -> io.dockmedic.notify.RemediationEvent.Kind.CIRCUIT_OPEN;
            case REARMED -> io.dockmedic.notify.RemediationEvent.Kind.REARMED;
            case SUCCEEDED, BLOCKED -> null;
        });
    }
}
