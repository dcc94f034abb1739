package io.dockmedic.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dockmedic.remediation.RemediationEvent;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemediationNoticesTest {

    @Test
    void healingNewsIsToldAndDecisionsAreNot() {
        assertEquals(Optional.of(io.dockmedic.notify.RemediationEvent.Kind.ACTED), RemediationNotices.kind(RemediationEvent.Kind.ACTED));
        assertEquals(Optional.of(io.dockmedic.notify.RemediationEvent.Kind.FAILED), RemediationNotices.kind(RemediationEvent.Kind.FAILED));
        assertEquals(Optional.of(io.dockmedic.notify.RemediationEvent.Kind.CIRCUIT_OPEN),
                RemediationNotices.kind(RemediationEvent.Kind.CIRCUIT_OPEN));
        assertEquals(Optional.of(io.dockmedic.notify.RemediationEvent.Kind.REARMED), RemediationNotices.kind(RemediationEvent.Kind.REARMED));
        assertEquals(Optional.empty(), RemediationNotices.kind(RemediationEvent.Kind.SUCCEEDED));
        assertEquals(Optional.empty(), RemediationNotices.kind(RemediationEvent.Kind.BLOCKED));
    }
}
