package io.dockmedic.diagnosis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Finds the root cause across a compose stack: a service whose diagnosis holds while a service it
 * depends on (directly or through others) is diagnosed too is a symptom of the deepest such
 * dependency. Keeps the active reports of every project and re-marks them whenever one changes,
 * whatever the order the failures were seen in.
 */
public final class Correlator {

    /** An active report and where it sits in its stack. */
    public record Entry(String key, String project, String service, Set<String> dependsOn, Report report) {
        public Entry {
            dependsOn = Set.copyOf(dependsOn);
        }
    }

    private final Map<String, Entry> active = new LinkedHashMap<>();

    /**
     * Records (or replaces) a container's report and returns every entry whose report changed as a
     * result (this one included, with its symptom marking applied).
     */
    public synchronized List<Entry> put(Entry e) {
        active.put(e.key(), e);
        List<Entry> changed = remark(e.project());
        if (changed.stream().noneMatch(c -> c.key().equals(e.key()))) {
            changed.add(0, active.get(e.key()));
        }
        return changed;
    }

    /** Forgets a container's report; returns the entries re-marked because of it. */
    public synchronized List<Entry> remove(String key) {
        Entry gone = active.remove(key);
        return gone == null ? new ArrayList<>() : remark(gone.project());
    }

    public synchronized Entry get(String key) {
        return active.get(key);
    }

    private List<Entry> remark(String project) {
        if (project.isEmpty()) {
            return new ArrayList<>(); // outside compose there is no graph
        }
        Map<String, Entry> byService = new LinkedHashMap<>();
        for (Entry e : active.values()) {
            if (e.project().equals(project)) {
                byService.put(e.service(), e);
            }
        }
        List<Entry> changed = new ArrayList<>();
        for (Entry e : byService.values()) {
            String root = root(e, byService, new HashSet<>());
            String symptomOf = root.equals(e.service()) ? null : root;
            if (!Objects.equals(e.report().symptomOf(), symptomOf)) {
                Entry updated = new Entry(e.key(), e.project(), e.service(), e.dependsOn(), e.report().withSymptomOf(symptomOf));
                active.put(e.key(), updated);
                changed.add(updated);
            }
        }
        return changed;
    }

    /** The deepest diagnosed service this one depends on, or itself. Cycles stop the walk. */
    private static String root(Entry e, Map<String, Entry> byService, Set<String> seen) {
        seen.add(e.service());
        for (String dep : e.dependsOn()) {
            Entry d = byService.get(dep);
            if (d != null && !seen.contains(dep)) {
                return root(d, byService, seen);
            }
        }
        return e.service();
    }
}
