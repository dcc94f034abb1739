package io.dockmedic.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.diagnosis.Report;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With {@code docker.engine_name}, every series carries {@code engine}: one Prometheus, many engines. */
class EngineLabelTest {
    @Test
    void everySeriesCarriesTheEngine() {
        try (DockmedicMetrics m = new DockmedicMetrics("1.0", "abc", "node-7")) {
            DockmedicMetrics.Who who = new DockmedicMetrics.Who("shop", "app", "shop-app-1");
            m.health("id1", who, io.dockmedic.state.Health.UNHEALTHY);
            m.unhealthyTransition(who);
            m.diagnosed("id1", who, new Report("c", "id1", "shop", "app", io.dockmedic.state.Trigger.UNHEALTHY, List.of(), List.of("ERROR x"),
                    "sig1", 0, Instant.now()), 0);
            m.streamUp(true);
            List<String> samples = m.scrape().lines().filter(l -> l.startsWith("dockmedic_")).toList();
            assertTrue(samples.size() > 5, samples.toString());
            for (String s : samples) {
                assertTrue(s.contains("engine=\"node-7\""), s);
            }
        }
    }
}
