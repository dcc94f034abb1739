package io.dockmedic.notify;

import io.dockmedic.diagnosis.Report;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The "no flood" rules for direct channels, as pure state driven by explicit times (one thread uses
 * it): one message per new diagnosis and one when it clears; a refresh with the same cause says
 * nothing; the same cause of the same service again within {@code repeatWindow} is not re-sent (nor
 * is its clearing); a root cause and the symptoms the Correlator marked ({@code symptom_of}) within
 * {@code groupWait} become one message naming them all. A symptom of a root told earlier is not
 * told again; a symptom whose root is still waiting waits up to three group waits for it.
 */
final class Incidents {
    private final MessageText text;
    private final Duration groupWait;
    private final Duration repeatWindow;

    private record Pending(Report report, Instant since) {
    }

    /** A diagnosis people know of; {@code announced}: its own message went out (so its clearing is told). */
    private record Told(Report report, boolean announced) {
    }

    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Map<String, Told> told = new HashMap<>();
    /** When a cause (project/service/rule) was last announced. */
    private final Map<String, Instant> lastSent = new HashMap<>();

    Incidents(MessageText text, Duration groupWait, Duration repeatWindow) {
        this.text = text;
        this.groupWait = groupWait;
        this.repeatWindow = repeatWindow;
    }

    /** A container's report, new or re-marked; {@code key} is the pipeline's (container id or compose key). */
    void diagnosed(String key, Report report, Instant now) {
        Told t = told.get(key);
        if (t != null && t.report().top().rule().equals(report.top().rule())) {
            told.put(key, new Told(report, t.announced()));
            return;
        }
        told.remove(key); // the cause changed: that is a new diagnosis
        Pending p = pending.get(key);
        pending.put(key, new Pending(report, p == null ? now : p.since()));
    }

    /** The container recovered or was removed: a message if its diagnosis was announced. */
    Optional<Message> cleared(String key, boolean removed) {
        if (pending.remove(key) != null) {
            return Optional.empty();
        }
        Told t = told.remove(key);
        return t != null && t.announced() ? Optional.of(text.resolved(t.report(), removed)) : Optional.empty();
    }

    /** The messages due at {@code now}: roots with their symptoms first, then symptoms left alone. */
    List<Message> due(Instant now) {
        lastSent.values().removeIf(at -> !at.plus(repeatWindow).isAfter(now));
        List<Message> out = new ArrayList<>();
        for (String key : List.copyOf(pending.keySet())) {
            Pending p = pending.get(key);
            if (p != null && p.report().symptomOf() == null && ready(p, now, 1)) {
                out.addAll(root(key, p.report(), now));
            }
        }
        for (String key : List.copyOf(pending.keySet())) {
            Pending p = pending.get(key);
            if (p == null || !ready(p, now, 1)) {
                continue;
            }
            Optional<String> rootKey = keyOf(p.report().project(), p.report().symptomOf());
            if (rootKey.isPresent() && told.containsKey(rootKey.get())) {
                pending.remove(key);
                told.put(key, new Told(p.report(), false)); // its root's message covers it
            } else if (rootKey.isEmpty() || !pending.containsKey(rootKey.get()) || ready(p, now, 3)) {
                out.addAll(root(key, p.report(), now));
            }
        }
        return out;
    }

    /** Everything still waiting, as if its wait were over (at stop). */
    List<Message> flush(Instant now) {
        return due(now.plus(groupWait.multipliedBy(3)).plusSeconds(1));
    }

    private boolean ready(Pending p, Instant now, int waits) {
        return !p.since().plus(groupWait.multipliedBy(waits)).isAfter(now);
    }

    /** One message for {@code report} and every waiting symptom of it, unless the cause was announced lately. */
    private List<Message> root(String key, Report report, Instant now) {
        pending.remove(key);
        List<String> symptoms = new ArrayList<>();
        for (String k : List.copyOf(pending.keySet())) {
            Report s = pending.get(k).report();
            if (s.project().equals(report.project()) && report.serviceOrName().equals(s.symptomOf())) {
                pending.remove(k);
                told.put(k, new Told(s, false));
                if (!symptoms.contains(s.serviceOrName())) {
                    symptoms.add(s.serviceOrName());
                }
            }
        }
        String cause = report.project() + "/" + report.serviceOrName() + "/" + report.top().rule();
        boolean repeat = lastSent.containsKey(cause);
        told.put(key, new Told(report, !repeat));
        if (repeat) {
            return List.of();
        }
        lastSent.put(cause, now);
        return List.of(text.diagnosis(report, symptoms));
    }

    private Optional<String> keyOf(String project, String service) {
        if (service == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            if (e.getValue().report().project().equals(project) && e.getValue().report().serviceOrName().equals(service)) {
                return Optional.of(e.getKey());
            }
        }
        for (Map.Entry<String, Told> e : told.entrySet()) {
            if (e.getValue().report().project().equals(project) && e.getValue().report().serviceOrName().equals(service)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }
}
