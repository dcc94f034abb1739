package io.dockmedic.remediation;

/**
 * Why remediation decided what it did: a {@link Code} that code branches on, and the sentence an
 * operator reads (journal {@code reason}, log line, webhook). Outside names in the text are escaped
 * where it is written, not here.
 */
public record Reason(Code code, String text) {

    /** The kinds of reason; {@link #id()} is the spelling in the journal's {@code reason_code}. */
    public enum Code {
        // decided without a record (the candidate is looked at again, kept or forgotten)
        GONE("gone"), HEALTHY_AGAIN("healthy_again"), STARTING("in_start_period"), RESTARTING("restarting"),
        NOT_RUNNING("not_running"), NO_HEALTHCHECK("no_healthcheck"), IN_GRACE("in_grace_period"),
        // skipped
        NOT_OPTED_IN("not_opted_in"), UNKNOWN_PLAYBOOK("unknown_playbook"), ADVISE_ONLY("advise_only"),
        QUEUE_FULL("queue_full"), SWARM_TASK("swarm_task"),
        // blocked (the envelope's and the stack's reasons)
        SYMPTOM_OF("symptom_of"), FLAPPING("flapping"), PAUSED("paused"), CIRCUIT_OPEN("circuit_open"), BACK_OFF("back_off"),
        PROJECT_LIMIT("project_limit"),
        // told to listeners
        STARTED("started"), REARMED("rearmed"),
        // dry run, acted
        WOULD_RUN("would_run"), HEALTHY_AFTER("healthy_after"), PLAYBOOK_FAILED("playbook_failed");

        private final String id;

        Code(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public Reason {
        java.util.Objects.requireNonNull(code, "code");
        java.util.Objects.requireNonNull(text, "text");
    }

    static Reason of(Code code, String text) {
        return new Reason(code, text);
    }

    static Reason notOptedIn() {
        return of(Code.NOT_OPTED_IN, "not opted in (label dockmedic.remediate=true or remediation.scope: all)");
    }

    static Reason unknownPlaybook(String name, java.util.Collection<String> known) {
        return of(Code.UNKNOWN_PLAYBOOK, "unknown playbook " + name + " (known: " + String.join(", ", known) + ")");
    }

    static Reason symptomOf(String root) {
        return of(Code.SYMPTOM_OF, "symptom of " + root + ": fix the root cause first");
    }

    static Reason flapping() {
        return of(Code.FLAPPING, "flapping: its health keeps changing, a restart would only hide it");
    }

    static Reason swarmTask() {
        return of(Code.SWARM_TASK, "a Swarm task: Swarm replaces it itself, dockmedic never restarts it");
    }

    static Reason queueFull() {
        return of(Code.QUEUE_FULL, "remediation queue full");
    }
}
