package io.dockmedic.diagnosis;

import io.dockmedic.evidence.Evidence;
import io.dockmedic.rules.RuleMatch;
import io.dockmedic.rules.RuleSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Classifies evidence with the current rule set and ranks the causes into a {@link Report}. */
public final class Diagnoser {
    static final int UNCLASSIFIED_LINES = 5;

    private final Supplier<RuleSet> rules;

    public Diagnoser(Supplier<RuleSet> rules) {
        this.rules = rules;
    }

    public Report diagnose(Evidence ev) {
        List<RuleMatch> matches = rules.get().classify(ev);
        List<Diagnosis> diagnoses = new ArrayList<>(matches.size());
        for (RuleMatch m : matches) {
            diagnoses.add(Diagnosis.of(m));
        }
        List<String> unclassified = List.of();
        String signature = "";
        if (diagnoses.isEmpty()) {
            List<String> all = new ArrayList<>(ev.logLines());
            all.addAll(ev.probeOutputs());
            unclassified = Unclassified.evidence(all, UNCLASSIFIED_LINES);
            if (ev.exitCode() != null && ev.exitCode() != 0) {
                unclassified = new ArrayList<>(unclassified);
                unclassified.add("exit code " + ev.exitCode());
            }
            signature = Unclassified.signature(unclassified);
        }
        return new Report(ev.containerName(), ev.containerId(), ev.project(), ev.service(), ev.trigger(), diagnoses,
                unclassified, signature, ev.eventTimeNanos(), Instant.now());
    }
}
