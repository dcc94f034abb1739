package io.dockmedic.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dockmedic.state.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CorrelatorTest {
    private final Correlator correlator = new Correlator();

    private static Report report(String service) {
        return new Report(service + "-1", "id-" + service, "p", service, Trigger.UNHEALTHY, List.of(), List.of("boom"), "sig", 0L,
                Instant.now());
    }

    private List<Correlator.Entry> put(String service, String... deps) {
        return correlator.put(new Correlator.Entry("id-" + service, "p", service, Set.of(deps), report(service)));
    }

    @Test
    void dependentIsASymptomOfTheDeepestDiagnosedDependency() {
        put("postgres");
        put("app", "postgres", "redis");
        List<Correlator.Entry> changed = put("prometheus", "app");
        assertEquals("postgres", changed.get(0).report().symptomOf());
        assertEquals("postgres", correlator.get("id-app").report().symptomOf());
        assertNull(correlator.get("id-postgres").report().symptomOf());
        assertEquals("postgres", correlator.get("id-prometheus").report().top().symptomOf());
    }

    @Test
    void orderOfFailuresDoesNotMatterAndRecoveryRemarks() {
        put("prometheus", "app");
        assertNull(correlator.get("id-prometheus").report().symptomOf(), "alone it is a root");
        List<Correlator.Entry> changed = put("app");
        assertEquals(2, changed.size(), "app added and prometheus re-marked");
        assertEquals("app", correlator.get("id-prometheus").report().symptomOf());
        List<Correlator.Entry> after = correlator.remove("id-app");
        assertEquals(1, after.size());
        assertNull(after.get(0).report().symptomOf(), "app recovered: prometheus is a root again");
    }

    @Test
    void cyclesEndTheWalk() {
        put("a", "b");
        put("b", "a");
        // a -> b -> (a seen): b is the root of a, and a of b; neither loops forever
        assertEquals("b", correlator.get("id-a").report().symptomOf());
    }
}
