package io.dockmedic.remediation;

import io.dockmedic.config.Config.Remediation.Mode;
import io.dockmedic.config.Config.Remediation.Scope;
import io.dockmedic.diagnosis.Diagnosis;
import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Labels;
import io.dockmedic.docker.Orchestrator;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The remediation policy, pure: from a candidate, the container as inspected now, the envelope and
 * the time, what to do ({@link Decision}) and why ({@link Reason}). It does no I/O and keeps no state;
 * the envelope's budget, back-off, breaker, project limit and pause are asked through {@link Gate}
 * (the single source of those rules), and only once every other check has passed, because asking
 * may open the breaker. The order of the checks is the policy; {@code DecisionPolicyTest} has a row
 * for each branch.
 */
final class DecisionPolicy {

    /** How soon a candidate that was in its start period or restarting is looked at again. */
    static final Duration RECHECK = Duration.ofSeconds(1);

    /** The envelope as the policy sees it ({@link Envelope} in the agent). */
    interface Gate {
        Instant graceEnds(Instant since);

        /** May this service be remediated now? May open the breaker (then the verdict says so). */
        Envelope.Verdict check(String project, String service);
    }

    private final Mode mode;
    private final Scope scope;
    private final Map<String, Playbook> playbooks;

    DecisionPolicy(Mode mode, Scope scope, Map<String, Playbook> playbooks) {
        this.mode = mode;
        this.scope = scope;
        this.playbooks = Map.copyOf(playbooks);
    }

    Map<String, Playbook> playbooks() {
        return playbooks;
    }

    /**
     * @param now the container as inspected just now; empty when it no longer exists
     */
    Decision decide(Candidate c, Optional<ContainerInfo> now, Gate gate, Instant time) {
        if (scope != Scope.ALL && !"true".equalsIgnoreCase(c.labels().getOrDefault(Labels.REMEDIATE, ""))) {
            return new Decision.Settle(Outcome.SKIPPED, "-", Reason.notOptedIn());
        }
        if (Orchestrator.of(c.labels()) == Orchestrator.SWARM) {
            return new Decision.Settle(Outcome.SKIPPED, "-", Reason.swarmTask()); // Swarm owns its task containers
        }
        if (now.isEmpty()) {
            return new Decision.Forget(Reason.of(Reason.Code.GONE, "container gone"));
        }
        ContainerInfo info = now.get();
        Optional<Reason> notNow = notActionable(info);
        if (notNow.isPresent()) {
            return notNow(notNow.get(), time);
        }
        Instant graceEnds = gate.graceEnds(c.since());
        if (time.isBefore(graceEnds)) {
            return new Decision.LookAgain(Reason.of(Reason.Code.IN_GRACE, "grace period until " + graceEnds), graceEnds);
        }
        String name = playbookName(c.report().top(), info.labels());
        Playbook pb = playbooks.get(name);
        if (pb == null) {
            return new Decision.Settle(Outcome.SKIPPED, name, Reason.unknownPlaybook(name, playbooks.keySet()));
        }
        String root = c.report().top().symptomOf();
        if (root != null) {
            return new Decision.Settle(Outcome.BLOCKED, name, Reason.symptomOf(root));
        }
        if (c.report().flapping()) {
            // its health keeps changing (the report's timeline says so): a restart would only hide it
            return new Decision.Settle(Outcome.BLOCKED, name, Reason.flapping());
        }
        if (!pb.acts()) {
            Reason advise = Reason.of(Reason.Code.ADVISE_ONLY, "advise only: " + Steps.describe(pb));
            return mode == Mode.ENFORCE ? new Decision.Advise(pb, advise) : new Decision.Settle(Outcome.DRY_RUN, name, advise);
        }
        Envelope.Verdict v = gate.check(c.project(), c.service());
        if (!v.allowed()) {
            return new Decision.Block(name, v.reason(), v.retryAt(), v.opened());
        }
        if (mode == Mode.DRY_RUN) {
            return new Decision.Settle(Outcome.DRY_RUN, name, Reason.of(Reason.Code.WOULD_RUN, "would run " + Steps.describe(pb)));
        }
        return new Decision.Act(pb);
    }

    /** Healthy again: forget; start period or restarting: look again soon; otherwise keep until a new event. */
    private static Decision notNow(Reason why, Instant time) {
        return switch (why.code()) {
            case HEALTHY_AGAIN -> new Decision.Forget(why);
            case RESTARTING, STARTING -> new Decision.LookAgain(why, time.plus(RECHECK));
            default -> new Decision.Hold(why);
        };
    }

    /**
     * Why a container in this state must not be acted on now, or empty if it may: only a running,
     * unhealthy (or, without a healthcheck, exited) container outside its start period and not
     * restarting is a candidate.
     */
    static Optional<Reason> notActionable(ContainerInfo info) {
        if (info.restarting()) {
            return Optional.of(Reason.of(Reason.Code.RESTARTING, "restarting"));
        }
        return Optional.ofNullable(switch (info.healthStatus()) {
            case UNHEALTHY -> info.running() ? null : Reason.of(Reason.Code.NOT_RUNNING, "not running");
            case STARTING -> Reason.of(Reason.Code.STARTING, "in its start period");
            case HEALTHY -> Reason.of(Reason.Code.HEALTHY_AGAIN, "healthy again");
            case NONE -> info.running() ? Reason.of(Reason.Code.NO_HEALTHCHECK, "running without a healthcheck") : null;
        });
    }

    /** The rule's notify-only is a floor (its remedy could destroy data); otherwise label, rule, default. */
    static String playbookName(Diagnosis d, Map<String, String> labels) {
        if (Playbook.NOTIFY_ONLY.equals(d.playbook())) {
            return Playbook.NOTIFY_ONLY;
        }
        String label = labels.getOrDefault(Labels.PLAYBOOK, "").strip();
        if (!label.isEmpty()) {
            return label;
        }
        return d.playbook() != null ? d.playbook() : Playbook.DEFAULT;
    }
}
