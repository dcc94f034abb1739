package io.dockmedic.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * packaging/swarm: the stack file and the Prometheus configuration agree. Prometheus asks Docker's DNS
 * for tasks.SERVICE on the agent's port, so the job's name must be the stack's service name and its port
 * the published target port; the job stays job="dockmedic" for the alert rules.
 */
class SwarmFilesTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @Test
    void theAgentIsGlobalWithAReadOnlySocketAndAHostModePort() throws Exception {
        Map<String, Object> agent = map(map(ShippedQueries.yaml(ShippedQueries.SWARM_STACK).get("services")).get("dockmedic"));
        assertEquals("global", map(agent.get("deploy")).get("mode"));
        Map<String, Object> port = map(list(agent.get("ports")).get(0));
        assertEquals("host", port.get("mode"), "never the routing mesh");
        assertEquals(9464, port.get("target"));
        Map<String, Object> socket = list(agent.get("volumes")).stream().map(SwarmFilesTest::map)
                .filter(v -> "/var/run/docker.sock".equals(v.get("target"))).findFirst().orElseThrow();
        assertEquals(true, socket.get("read_only"), socket.toString());
        assertTrue(String.valueOf(agent.get("user")).startsWith("10001:${DOCKER_GID"), "uid 10001 with the socket's group");
        Map<String, Object> limits = map(map(map(agent.get("deploy")).get("resources")).get("limits"));
        assertTrue(limits.keySet().containsAll(List.of("cpus", "memory", "pids")), limits.toString());
    }

    @Test
    void prometheusFindsEveryAgentByTheTasksNameOfTheService() throws Exception {
        Map<String, Object> services = map(ShippedQueries.yaml(ShippedQueries.SWARM_STACK).get("services"));
        Map<String, Object> job = map(list(ShippedQueries.yaml(ShippedQueries.SWARM_PROMETHEUS).get("scrape_configs")).get(0));
        Map<String, Object> scrapeJob = map(list(ShippedQueries.yaml(ShippedQueries.SCRAPE).get("scrape_configs")).get(0));
        assertEquals(scrapeJob.get("job_name"), job.get("job_name"), "the alert rules' job");
        Map<String, Object> sd = map(list(job.get("dns_sd_configs")).get(0));
        assertEquals(List.of("tasks.dockmedic"), sd.get("names"));
        assertTrue(services.containsKey("dockmedic"), "tasks.dockmedic is the service dockmedic of the stack");
        assertEquals("A", sd.get("type"));
        assertEquals(map(list(map(services.get("dockmedic")).get("ports")).get(0)).get("target"), sd.get("port"));
    }
}
