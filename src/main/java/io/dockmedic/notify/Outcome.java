package io.dockmedic.notify;

/** The outcome of one message to one target: the {@code outcome} label of {@code dockmedic_notifications_total}. */
public enum Outcome {
    /** Accepted by the target (2xx). */
    SENT("sent"),
    /** Refused or unreachable after every retry. */
    FAILED("failed"),
    /** The target's queue was full (the target is dead or slow). */
    DROPPED("dropped"),
    /** Over the target's {@code max_per_minute}. */
    RATE_LIMITED("rate_limited");

    private final String id;

    Outcome(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
