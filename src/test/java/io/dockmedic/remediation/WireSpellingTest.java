package io.dockmedic.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The spellings remediation's types have at the edges (metrics, journal, webhook JSON, the events
 * notifications read). Outcomes are the contract's ({@code dockmedic_remediations_total{outcome}});
 * the others are ours, pinned so that a rename is a decision, not an accident.
 */
class WireSpellingTest {

    @Test
    void outcomesAreTheContractsLabelValues() {
        assertEquals(List.of("succeeded", "failed", "skipped", "dry_run", "blocked"),
                Arrays.stream(Outcome.values()).map(Outcome::id).toList());
    }

    @Test
    void eventKinds() {
        assertEquals(List.of("acted", "succeeded", "failed", "circuit_open", "rearmed", "blocked"),
                Arrays.stream(RemediationEvent.Kind.values()).map(RemediationEvent.Kind::id).toList());
    }

    @Test
    void reasonCodes() {
        assertEquals(List.of("gone", "healthy_again", "in_start_period", "restarting", "not_running", "no_healthcheck",
                        "in_grace_period", "not_opted_in", "unknown_playbook", "advise_only", "queue_full", "swarm_task",
                        "symptom_of",
                        "flapping", "paused", "circuit_open", "back_off", "project_limit", "started", "rearmed", "would_run",
                        "healthy_after", "playbook_failed"),
                Arrays.stream(Reason.Code.values()).map(Reason.Code::id).toList());
        Set<String> distinct = Arrays.stream(Reason.Code.values()).map(Reason.Code::id).collect(Collectors.toSet());
        assertEquals(Reason.Code.values().length, distinct.size(), "one spelling per code");
    }
}
