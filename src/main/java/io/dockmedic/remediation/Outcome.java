package io.dockmedic.remediation;

/**
 * How a remediation decision ended, as {@code dockmedic_remediations_total{outcome}}, the journal's
 * {@code outcome} and the webhook's JSON spell it (the contract's spelling: {@link #id()}).
 */
public enum Outcome {
    SUCCEEDED("succeeded"), FAILED("failed"), SKIPPED("skipped"), DRY_RUN("dry_run"), BLOCKED("blocked");

    private final String id;

    Outcome(String id) {
        this.id = id;
    }

    /** The contract's spelling. */
    public String id() {
        return id;
    }
}
