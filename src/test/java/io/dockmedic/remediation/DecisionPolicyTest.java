package io.dockmedic.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dockmedic.config.Config.Remediation.Mode;
import io.dockmedic.config.Config.Remediation.Scope;
import io.dockmedic.diagnosis.Diagnosis;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.docker.ContainerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every branch of the remediation policy, one row each: what the policy decides, why, which playbook,
 * when it looks again, and whether it asked the envelope (asking may open the breaker, so it must be
 * the last check). The table was written against the behaviour of the policy before it was split out
 * of {@code Remediator.decide}.
 */
class DecisionPolicyTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
    static final Instant SINCE = NOW.minusSeconds(60);
    static final Duration GRACE = Duration.ofSeconds(30);
    static final Instant RETRY = NOW.plusSeconds(8);

    static final Playbook RESTART = new Playbook("restart", "", List.of(
            new Playbook.Step(Playbook.Kind.RESTART, null, Duration.ofSeconds(10), null, null),
            new Playbook.Step(Playbook.Kind.WAIT_HEALTHY, null, Duration.ofSeconds(90), null, null)), "builtin");
    static final Playbook NOTIFY = new Playbook("notify-only", "", List.of(
            new Playbook.Step(Playbook.Kind.NOTIFY_ONLY, null, null, null, null)), "builtin");

    static final Envelope.Verdict ALLOW = Envelope.Verdict.ALLOW;
    static final Envelope.Verdict BACK_OFF = Envelope.Verdict.no(Reason.Code.BACK_OFF, "back-off after attempt 1", RETRY);
    static final Envelope.Verdict PAUSED = Envelope.Verdict.no(Reason.Code.PAUSED, "paused", null);
    static final Envelope.Verdict OPENS = new Envelope.Verdict(false,
            Reason.of(Reason.Code.CIRCUIT_OPEN, "circuit open: budget of 3 in PT1H spent"), null, true);

    /** One situation; defaults: enforce, labelled scope, opted in, running and unhealthy, past the grace period. */
    static final class Row {
        final String name;
        Mode mode = Mode.ENFORCE;
        Scope scope = Scope.LABELLED;
        final Map<String, String> labels = new HashMap<>(Map.of("dockmedic.remediate", "true"));
        Optional<ContainerInfo> container = Optional.of(container(true, false, "unhealthy"));
        Instant since = SINCE;
        String rulePlaybook;
        String symptomOf;
        /** The report's timeline shows the health flapping. */
        boolean flapping;
        Envelope.Verdict verdict = ALLOW;
        // expected
        Class<? extends Decision> decision;
        Outcome outcome;
        Reason.Code reason;
        String playbook;
        Instant at;
        boolean asksEnvelope;

        Row(String name) {
            this.name = name;
        }

        Row expect(Class<? extends Decision> d, Reason.Code r) {
            decision = d;
            reason = r;
            return this;
        }

        Row settles(Outcome o, String pb) {
            outcome = o;
            playbook = pb;
            return this;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static ContainerInfo container(boolean running, boolean restarting, String health) {
        return new ContainerInfo("c1", "app-1", "img", Map.of("com.docker.compose.project", "p",
                "com.docker.compose.service", "app"), Map.of(), running, restarting, running ? "running" : "exited",
                io.dockmedic.state.Health.of(health), List.of(), running ? null : 1, false, 0, NOW.minusSeconds(120), null);
    }

    static ContainerInfo withLabels(ContainerInfo c, Map<String, String> extra) {
        Map<String, String> labels = new HashMap<>(c.labels());
        labels.putAll(extra);
        return new ContainerInfo(c.id(), c.name(), c.image(), labels, c.env(), c.running(), c.restarting(), c.status(),
                c.healthStatus(), c.probes(), c.exitCode(), c.oomKilled(), c.restartCount(), c.startedAt(), c.finishedAt());
    }

    static Row row(String name, java.util.function.Consumer<Row> setup) {
        Row r = new Row(name);
        setup.accept(r);
        return r;
    }

    static Stream<Row> table() {
        return Stream.of(
                row("not opted in (scope labelled, no label): skipped, envelope untouched", r -> {
                    r.labels.clear();
                    r.expect(Decision.Settle.class, Reason.Code.NOT_OPTED_IN).settles(Outcome.SKIPPED, "-");
                }),
                row("label value is case-insensitive", r -> {
                    r.labels.put("dockmedic.remediate", "TRUE");
                    r.expect(Decision.Act.class, Reason.Code.WOULD_RUN).playbook = "restart";
                    r.asksEnvelope = true;
                }),
                row("scope all needs no label", r -> {
                    r.labels.clear();
                    r.scope = Scope.ALL;
                    r.expect(Decision.Act.class, Reason.Code.WOULD_RUN).playbook = "restart";
                    r.asksEnvelope = true;
                }),
                row("a Swarm task (Swarm owns it, replaces it itself): skipped, envelope untouched", r -> {
                    r.scope = Scope.ALL;
                    r.labels.put("com.docker.swarm.service.name", "p_app");
                    r.labels.put("com.docker.stack.namespace", "p");
                    r.expect(Decision.Settle.class, Reason.Code.SWARM_TASK).settles(Outcome.SKIPPED, "-");
                }),
                row("container gone: forgotten silently", r -> {
                    r.container = Optional.empty();
                    r.expect(Decision.Forget.class, Reason.Code.GONE);
                }),
                row("restarting: look again in a second", r -> {
                    r.container = Optional.of(container(true, true, "unhealthy"));
                    r.expect(Decision.LookAgain.class, Reason.Code.RESTARTING).at = NOW.plus(DecisionPolicy.RECHECK);
                }),
                row("in its start period: look again in a second", r -> {
                    r.container = Optional.of(container(true, false, "starting"));
                    r.expect(Decision.LookAgain.class, Reason.Code.STARTING).at = NOW.plus(DecisionPolicy.RECHECK);
                }),
                row("healthy again: forgotten silently", r -> {
                    r.container = Optional.of(container(true, false, "healthy"));
                    r.expect(Decision.Forget.class, Reason.Code.HEALTHY_AGAIN);
                }),
                row("unhealthy but stopped: held until a new event", r -> {
                    r.container = Optional.of(container(false, false, "unhealthy"));
                    r.expect(Decision.Hold.class, Reason.Code.NOT_RUNNING);
                }),
                row("running without a healthcheck: held", r -> {
                    r.container = Optional.of(container(true, false, "none"));
                    r.expect(Decision.Hold.class, Reason.Code.NO_HEALTHCHECK);
                }),
                row("exited without a healthcheck: may be acted on", r -> {
                    r.container = Optional.of(container(false, false, "none"));
                    r.expect(Decision.Act.class, Reason.Code.WOULD_RUN).playbook = "restart";
                    r.asksEnvelope = true;
                }),
                row("within the grace period: look again when it ends", r -> {
                    r.since = NOW.minusSeconds(10);
                    r.expect(Decision.LookAgain.class, Reason.Code.IN_GRACE).at = NOW.minusSeconds(10).plus(GRACE);
                }),
                row("unknown playbook named by the label: skipped", r -> {
                    r.labels.put("dockmedic.playbook", "nosuch");
                    r.expect(Decision.Settle.class, Reason.Code.UNKNOWN_PLAYBOOK).settles(Outcome.SKIPPED, "nosuch");
                }),
                row("symptom of another service: blocked and forgotten, envelope untouched", r -> {
                    r.symptomOf = "db";
                    r.expect(Decision.Settle.class, Reason.Code.SYMPTOM_OF).settles(Outcome.BLOCKED, "restart");
                }),
                row("flapping: blocked and forgotten, envelope untouched (a restart would only hide it)", r -> {
                    r.flapping = true;
                    r.expect(Decision.Settle.class, Reason.Code.FLAPPING).settles(Outcome.BLOCKED, "restart");
                }),
                row("flapping and a symptom: the root cause comes first", r -> {
                    r.flapping = true;
                    r.symptomOf = "db";
                    r.expect(Decision.Settle.class, Reason.Code.SYMPTOM_OF).settles(Outcome.BLOCKED, "restart");
                }),
                row("flapping with a notify-only playbook: still blocked, nothing run", r -> {
                    r.flapping = true;
                    r.labels.put("dockmedic.playbook", "notify-only");
                    r.expect(Decision.Settle.class, Reason.Code.FLAPPING).settles(Outcome.BLOCKED, "notify-only");
                }),
                row("notify-only playbook in enforce mode: advise (run its notify steps), skipped", r -> {
                    r.labels.put("dockmedic.playbook", "notify-only");
                    r.expect(Decision.Advise.class, Reason.Code.ADVISE_ONLY).playbook = "notify-only";
                }),
                row("notify-only playbook in dry-run mode: dry_run", r -> {
                    r.mode = Mode.DRY_RUN;
                    r.labels.put("dockmedic.playbook", "notify-only");
                    r.expect(Decision.Settle.class, Reason.Code.ADVISE_ONLY).settles(Outcome.DRY_RUN, "notify-only");
                }),
                row("the rule's notify-only beats a label asking for restart", r -> {
                    r.rulePlaybook = "notify-only";
                    r.labels.put("dockmedic.playbook", "restart");
                    r.expect(Decision.Advise.class, Reason.Code.ADVISE_ONLY).playbook = "notify-only";
                }),
                row("envelope: back-off, look again when it ends", r -> {
                    r.verdict = BACK_OFF;
                    r.expect(Decision.Block.class, Reason.Code.BACK_OFF).playbook = "restart";
                    r.at = RETRY;
                    r.asksEnvelope = true;
                }),
                row("envelope: paused, look again only on a request or event", r -> {
                    r.verdict = PAUSED;
                    r.expect(Decision.Block.class, Reason.Code.PAUSED).playbook = "restart";
                    r.asksEnvelope = true;
                }),
                row("envelope: this check opened the breaker", r -> {
                    r.verdict = OPENS;
                    r.expect(Decision.Block.class, Reason.Code.CIRCUIT_OPEN).playbook = "restart";
                    r.asksEnvelope = true;
                }),
                row("dry-run mode, allowed: dry_run, would run", r -> {
                    r.mode = Mode.DRY_RUN;
                    r.expect(Decision.Settle.class, Reason.Code.WOULD_RUN).settles(Outcome.DRY_RUN, "restart");
                    r.asksEnvelope = true;
                }),
                row("enforce, allowed: act", r -> {
                    r.expect(Decision.Act.class, Reason.Code.WOULD_RUN).playbook = "restart";
                    r.asksEnvelope = true;
                }));
    }

    /** The envelope as the policy sees it: a fixed grace period and verdict, counting the checks. */
    static final class FixedGate implements DecisionPolicy.Gate {
        final Envelope.Verdict verdict;
        int checks;

        FixedGate(Envelope.Verdict verdict) {
            this.verdict = verdict;
        }

        @Override
        public Instant graceEnds(Instant since) {
            return since.plus(GRACE);
        }

        @Override
        public Envelope.Verdict check(String project, String service) {
            checks++;
            return verdict;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(Row row) {
        DecisionPolicy policy = new DecisionPolicy(row.mode, row.scope, Map.of("restart", RESTART, "notify-only", NOTIFY));
        Diagnosis d = new Diagnosis("redis-connection-failed", Diagnosis.unclassified(List.of()).category(),
                Diagnosis.unclassified(List.of()).severity(), Diagnosis.unclassified(List.of()).title(),
                Diagnosis.unclassified(List.of()).cause(), Diagnosis.unclassified(List.of()).remedy(), 0.9, List.of(),
                row.symptomOf, row.rulePlaybook);
        Report report = new Report("app-1", "c1", "p", "app", io.dockmedic.state.Trigger.UNHEALTHY, List.of(d), List.of(), "", 0L, NOW);
        if (row.flapping) {
            report = report.withTimeline(io.dockmedic.evidence.Timeline.of(io.dockmedic.evidence.Probes.NONE,
                    List.of(new io.dockmedic.evidence.Pattern.Flapping(5, Duration.ofMinutes(10)))));
        }
        FixedGate gate = new FixedGate(row.verdict);

        Optional<ContainerInfo> now = row.container.map(c -> withLabels(c, row.labels)); // inspect shows the labels too

        Decision got = policy.decide(new Candidate(report, row.labels, row.since), now, gate, NOW);

        assertEquals(row.decision, got.getClass(), "decision");
        assertEquals(row.reason, got.reason().code(), "reason: " + got.reason().text());
        assertEquals(row.asksEnvelope ? 1 : 0, gate.checks, "envelope checks");
        if (got instanceof Decision.Settle s) {
            assertEquals(row.outcome, s.outcome());
            assertEquals(row.playbook, s.playbook());
        } else if (got instanceof Decision.LookAgain l) {
            assertEquals(row.at, l.at());
        } else if (got instanceof Decision.Block b) {
            assertEquals(row.playbook, b.playbook());
            assertEquals(row.at, b.retryAt());
            assertEquals(row.verdict.opened(), b.circuitOpened());
        } else if (got instanceof Decision.Advise a) {
            assertEquals(row.playbook, a.playbook().name());
        } else if (got instanceof Decision.Act a) {
            assertEquals(row.playbook, a.playbook().name());
        }
    }
}
