package io.dockmedic.remediation;

/**
 * Told about remediation's events (acted, succeeded, failed, circuit open, rearmed, blocked). Called
 * on remediation threads: an implementation hands off and returns at once (it must not block a
 * playbook), and must not throw ({@link Remediator} logs and ignores what one throws).
 */
@FunctionalInterface
public interface RemediationListener {
    void on(RemediationEvent event);
}
