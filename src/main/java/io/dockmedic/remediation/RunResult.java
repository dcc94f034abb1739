package io.dockmedic.remediation;

/** How a playbook run ended: all steps done, or the first step that failed and why. */
sealed interface RunResult {

    RunResult OK = new Ok();

    /** Every step did its job (the last wait-healthy saw the container healthy). */
    record Ok() implements RunResult {
    }

    /** A step failed; the later steps did not run. */
    record Failed(Playbook.Kind step, Failure failure, String detail) implements RunResult {
        /** As the journal and the webhook say it: {@code wait-healthy: unhealthy again ...}. */
        String text() {
            return step.id() + ": " + detail;
        }
    }

    /** Why a step failed. */
    enum Failure {
        /** wait-healthy: neither healthy nor decisively failed within its timeout. */
        TIMED_OUT,
        /** wait-healthy: restarted, then unhealthy again after its start period. */
        UNHEALTHY_AGAIN,
        /** wait-healthy: the container exited. */
        DIED,
        /** wait-healthy: the container was OOM-killed. */
        OOM_KILLED,
        /** The container no longer exists. */
        GONE,
        /** exec: the command exited non-zero. */
        EXEC_FAILED,
        /** restart of a named service: none of its containers runs. */
        NO_TARGET,
        /** The engine refused or did not answer. */
        ENGINE_ERROR,
        /** The agent is stopping. */
        INTERRUPTED
    }

    /** A step's failure before it is known which step it was. */
    record StepFailure(Failure failure, String detail) {
    }
}
