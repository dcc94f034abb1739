package io.dockmedic.notify;

/** Counts each message's outcome per target (the agent binds it to {@code dockmedic_notifications_total}). */
@FunctionalInterface
public interface Tally {
    void count(String target, Outcome outcome);
}
