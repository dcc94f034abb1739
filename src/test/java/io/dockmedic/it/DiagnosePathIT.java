package io.dockmedic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One diagnosis path: the agent and {@code dockmedic diagnose CONTAINER --format json} look at the
 * same failing compose stack on the real engine and must say the same thing, root cause included
 * ({@code symptom_of}). Only what depends on the moment (trigger, event and diagnosis times) may differ.
 */
class DiagnosePathIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theCliShowsWhatTheAgentShowsRootCauseIncluded() throws Exception {
        String project = "i15-path-" + UUID.randomUUID().toString().substring(0, 6);
        try (TestDocker docker = new TestDocker(); AgentHarness agent = new AgentHarness(docker.host())) {
            String store = docker.start(new TestDocker.Spec(project + "-store-1").compose(project, "store")
                    .lines(List.of("starting store", "OSError: [Errno 28] No space left on device: '/data/segment-7'")));
            String web = docker.start(new TestDocker.Spec(project + "-web-1").compose(project, "web")
                    .label("com.docker.compose.depends_on", "store:service_started:false")
                    .lines(List.of("starting web",
                            "panic: runtime error: invalid memory address or nil pointer dereference")));
            docker.awaitHealth(store, "unhealthy", WAIT);
            docker.awaitHealth(web, "unhealthy", WAIT);
            agent.await(WAIT, "web diagnosed as a symptom of store", h -> {
                try {
                    return agentReport(h, project, "web").path("symptom_of").asText("").equals("store");
                } catch (Exception e) {
                    return false;
                }
            });
            ObjectNode fromAgent = agentReport(agent, project, "web");

            String out = cli("diagnose", "--format", "json", project + "-web-1");
            assertTrue(out.startsWith("0\n"), out);
            JsonNode fromCli = JSON.readTree(out.substring(2));

            assertEquals("store", fromCli.path("symptom_of").asText(null), "the CLI names the root cause: " + out);
            // both show the probe history (the CLI the engine's last five), which grows with every probe
            assertTrue(fromAgent.path("probes").path("failing_streak").asInt() >= 1, fromAgent.toString());
            assertTrue(fromCli.path("probes").path("failing_streak").asInt() >= 1, out);
            assertEquals(comparable(fromAgent), comparable(fromCli), "agent and CLI differ");
        }
    }

    /** The agent's active report of a service, from /api/v1/diagnoses. */
    private static ObjectNode agentReport(AgentHarness agent, String project, String service) throws Exception {
        JsonNode api = JSON.readTree(agent.get("/api/v1/diagnoses?project=" + project + "&service=" + service));
        JsonNode active = api.path("active");
        assertTrue(active.size() <= 1, api.toString());
        return active.isEmpty() ? JSON.createObjectNode() : (ObjectNode) active.get(0);
    }

    /** A report without what depends on the moment it was made (the probes seen so far included). */
    private static JsonNode comparable(JsonNode report) {
        ObjectNode copy = report.deepCopy();
        copy.remove(List.of("trigger", "event_time", "diagnosed_at", "probes"));
        return copy;
    }

    /** Runs the shipped jar; returns its exit code, a newline and its standard output. */
    private static String cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", "target/dockmedic.jar"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().keySet().removeIf(k -> k.startsWith("DOCKMEDIC_"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the CLI ended");
        return p.exitValue() + "\n" + out;
    }
}
