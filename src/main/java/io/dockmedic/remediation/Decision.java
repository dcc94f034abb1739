package io.dockmedic.remediation;

import java.time.Instant;

/**
 * What {@link DecisionPolicy} decided for one candidate. The first three are not recorded (nothing
 * was decided about remediation yet); the others go to the journal and the metrics with their
 * {@link Outcome}.
 */
sealed interface Decision {

    Reason reason();

    /** Whether the candidate is done with (a new diagnosis makes a new one). */
    boolean forgets();

    /** Gone or healthy again: forget it, record nothing. */
    record Forget(Reason reason) implements Decision {
        @Override
        public boolean forgets() {
            return true;
        }
    }

    /** Not yet (start period, restarting, grace period): look again at {@code at}, record nothing. */
    record LookAgain(Reason reason, Instant at) implements Decision {
        @Override
        public boolean forgets() {
            return false;
        }
    }

    /** Not actionable in this state (stopped, no healthcheck): keep it until a new event, record nothing. */
    record Hold(Reason reason) implements Decision {
        @Override
        public boolean forgets() {
            return false;
        }
    }

    /** Decided without acting (skipped, dry_run, blocked as a symptom): record it and forget the candidate. */
    record Settle(Outcome outcome, String playbook, Reason reason) implements Decision {
        @Override
        public boolean forgets() {
            return true;
        }
    }

    /**
     * The envelope says no: record {@code blocked}, keep the candidate and look again at {@code retryAt}
     * (null: only on a new event); {@code circuitOpened} when this very check opened the breaker.
     */
    record Block(String playbook, Reason reason, Instant retryAt, boolean circuitOpened) implements Decision {
        @Override
        public boolean forgets() {
            return false;
        }
    }

    /** Enforce mode, a playbook that only notifies: run its notify steps, record {@code skipped}, forget. */
    record Advise(Playbook playbook, Reason reason) implements Decision {
        @Override
        public boolean forgets() {
            return true;
        }
    }

    /** Run the playbook (the attempt counts against the budget). */
    record Act(Playbook playbook) implements Decision {
        @Override
        public Reason reason() {
            return Reason.of(Reason.Code.WOULD_RUN, "run " + Steps.describe(playbook));
        }

        @Override
        public boolean forgets() {
            return false;
        }
    }
}
