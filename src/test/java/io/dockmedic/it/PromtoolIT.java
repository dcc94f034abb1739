package io.dockmedic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.metrics.ShippedQueries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * promtool on the shipped alert rules: they are valid, and their unit tests
 * (packaging/prometheus/dockmedic-alerts.test.yml: series that fire and series that must not) pass;
 * and on the Swarm configuration (packaging/swarm/prometheus.yml).
 */
class PromtoolIT {

    @Test
    void alertRulesAreValid() throws Exception {
        String out = promtool("check", "rules", ShippedQueries.PROMETHEUS_ALERTS.toString());
        assertTrue(out.contains("SUCCESS: 8 rules found"), out);
    }

    @Test
    void alertRuleUnitTestsPass() throws Exception {
        Path tests = ShippedQueries.PROMETHEUS_ALERTS.resolveSibling("dockmedic-alerts.test.yml");
        String out = promtool("test", "rules", tests.toString());
        assertTrue(out.contains("SUCCESS"), out);
    }

    @Test
    void swarmPrometheusConfigIsValid() throws Exception {
        String out = promtool("check", "config", ShippedQueries.SWARM_PROMETHEUS.toString());
        assertTrue(out.contains("SUCCESS"), out);
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Prometheus.tool("promtool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }
}
