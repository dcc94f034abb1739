package io.dockmedic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Patterns in time on the real engine: a crash loop under a restart policy (with its cause from the logs of the
 * last runs, an OOM loop told apart from a SIGKILL loop), a healthcheck toggled by a file (flapping, which
 * remediation leaves alone), and a child process killed at the cgroup memory limit while the container lives on
 * (an oom event with no die). The engine's events are recorded as they happen (it keeps only 256).
 */
class TimePatternsIT {
    private static final String LABEL = "i16-history.test.run";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDocker docker;
    private static DockerClient client;
    private static final List<Event> events = new CopyOnWriteArrayList<>();
    private static Closeable recorder;
    private static AgentHarness agent;

    @BeforeAll
    static void start() throws Exception {
        docker = new TestDocker(); // builds the busybox test image if needed
        client = docker.client();
        recorder = client.eventsCmd().withLabelFilter(Map.of(LABEL, RUN)).exec(new ResultCallback.Adapter<Event>() {
            @Override
            public void onNext(Event e) {
                events.add(e);
            }
        });
        agent = new AgentHarness(TestDocker.engineHost(), Map.of(
                "watch.crash_loop_exits", "3", "watch.crash_loop_window", "10m",
                "watch.flap_transitions", "3", "watch.flap_window", "10m",
                "remediation.grace_period", "200ms", "remediation.scope", "all"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (recorder != null) {
            recorder.close();
        }
        for (Container c : client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL, RUN)).exec()) {
            client.removeContainerCmd(c.getId()).withForce(true).exec();
        }
        docker.close();
    }

    private static String name(String base) {
        return "i16-history-" + base + "-" + RUN;
    }

    /** A busybox container running {@code script}, in compose project i16-history-RUN as {@code service}. */
    private static String run(String service, String script, HostConfig host, HealthCheck health) {
        var cmd = client.createContainerCmd(TestDocker.IMAGE).withName(name(service))
                .withLabels(Map.of(LABEL, RUN, "com.docker.compose.project", "i16-history-" + RUN,
                        "com.docker.compose.service", service))
                .withEntrypoint("/bin/busybox", "sh", "-c", script)
                .withHostConfig(host.withNetworkMode("none"));
        if (health != null) {
            cmd = cmd.withHealthcheck(health);
        }
        String id = cmd.exec().getId();
        client.startContainerCmd(id).exec();
        return id;
    }

    private static long count(String id, String action) {
        return events.stream().filter(e -> id.equals(e.getId()) && action.equals(e.getAction())).count();
    }

    /** The active report of a service from /api/v1/diagnoses, or null. */
    private static JsonNode active(String service) throws Exception {
        JsonNode root = JSON.readTree(agent.get("/api/v1/diagnoses?project=i16-history-" + RUN + "&service=" + service));
        for (JsonNode r : root.path("active")) {
            return r;
        }
        return null;
    }

    private static JsonNode awaitActive(String service, String pattern, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode r = null;
        while (System.nanoTime() < deadline) {
            r = active(service);
            if (r != null && (pattern == null || r.path("patterns").toString().contains("\"" + pattern + "\""))) {
                return r;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no active " + service + " report with " + pattern + " within " + timeout + ": " + r
                + "\nevents: " + events.stream().map(e -> e.getAction()).toList());
    }

    @Test
    void aCrashLoopCarriesItsExitCodesAndTheCauseFromTheLogsOfTheLastRuns() throws Exception {
        String panic = run("panicky", "echo 'panic: runtime error: invalid memory address or nil pointer dereference'; "
                        + "exit 2", HostConfig.newHostConfig().withRestartPolicy(RestartPolicy.alwaysRestart()), null);
        // under docker-init (tini) the shell is not PID 1, so its own SIGKILL kills it: 137, OOMKilled false
        String killed = run("killed", "echo 'starting worker'; kill -9 $$",
                HostConfig.newHostConfig().withInit(true).withRestartPolicy(RestartPolicy.alwaysRestart()), null);
        String hungry = run("hungry", "echo 'loading model'; x=$(/bin/busybox head -c 64000000 /dev/zero | /bin/busybox tr '\\000' a)",
                HostConfig.newHostConfig().withRestartPolicy(RestartPolicy.alwaysRestart())
                        .withMemory(16L << 20).withMemorySwap(16L << 20), null);

        JsonNode p = awaitActive("panicky", "crash-loop", Duration.ofSeconds(60));
        assertEquals("go-panic", p.path("diagnoses").path(0).path("rule").asText(), p.toString());
        assertEquals("crash", p.path("diagnoses").path(0).path("category").asText());
        JsonNode loop = p.path("patterns").path(0);
        assertTrue(loop.path("exit_codes").size() >= 3, loop.toString());
        loop.path("exit_codes").forEach(c -> assertEquals(2, c.asInt(), loop.toString()));
        assertEquals("exits", loop.path("cause").asText());
        assertTrue(count(panic, "die") >= 3, "the engine's events: " + count(panic, "die") + " dies");

        JsonNode k = awaitActive("killed", "crash-loop", Duration.ofSeconds(60));
        assertEquals("killed", k.path("patterns").path(0).path("cause").asText(), k.toString());
        assertEquals("killed-not-oom", k.path("diagnoses").path(0).path("rule").asText(), k.toString());
        assertTrue(count(killed, "die") >= 3);

        JsonNode h = awaitActive("hungry", "crash-loop", Duration.ofSeconds(60));
        assertEquals("memory", h.path("patterns").path(0).path("cause").asText(), h.toString());
        assertEquals("oom-killed", h.path("diagnoses").path(0).path("rule").asText(), h.toString());
        assertTrue(count(hungry, "oom") >= 1);

        String service = "service=\"panicky\"";
        agent.await(Duration.ofSeconds(30), "crash loop and restarts exported", a ->
                AgentHarness.atLeast(1, "dockmedic_crash_loop", service).test(a)
                        && AgentHarness.atLeast(2, "dockmedic_restarts_total", service).test(a));
        // one finding per loop: the dies within the loop after it was found are not counted again
        double diagnosed = agent.value("dockmedic_diagnoses_total", service);
        assertTrue(diagnosed <= 3 + 1, "diagnoses counted: " + diagnosed + " for " + count(panic, "die") + " dies");
    }

    @Test
    void aFlappingHealthcheckIsItsOwnFindingAndIsNotRestarted() throws Exception {
        HealthCheck check = new HealthCheck()
                .withTest(List.of("CMD", "/bin/busybox", "sh", "-c",
                        "test -f /tmp/healthy || { echo 'probe: /tmp/healthy missing'; exit 1; }"))
                .withInterval(TimeUnit.MILLISECONDS.toNanos(500)).withTimeout(TimeUnit.SECONDS.toNanos(2))
                .withRetries(1).withStartPeriod(0L);
        String id = run("flappy", "while true; do /bin/busybox touch /tmp/healthy; /bin/busybox sleep 2; "
                + "/bin/busybox rm -f /tmp/healthy; /bin/busybox sleep 2; done",
                HostConfig.newHostConfig(), check);
        JsonNode r = awaitActive("flappy", "flapping", Duration.ofSeconds(60));
        JsonNode probes = r.path("probes");
        assertTrue(probes.path("results").size() >= 1, r.toString());
        assertTrue(probes.path("failing_streak").asInt() >= 1, r.toString());
        assertTrue(r.toString().contains("probe: /tmp/healthy missing"), r.toString());
        String service = "service=\"flappy\"";
        agent.await(Duration.ofSeconds(30), "flapping exported and its restart blocked", a ->
                AgentHarness.atLeast(1, "dockmedic_flapping", service).test(a)
                        && AgentHarness.atLeast(1, "dockmedic_remediations_total", service, "outcome=\"blocked\"").test(a));
        long changes = events.stream().filter(e -> id.equals(e.getId()) && e.getAction().startsWith("health_status")).count();
        assertTrue(changes > 3, "health events recorded: " + changes);
        // while it flaps, the healthy turns do not clear it
        Thread.sleep(3000);
        assertTrue(active("flappy") != null, "cleared while flapping");
    }

    @Test
    void anOomKillInsideAContainerThatLivesOnIsDiagnosed() throws Exception {
        String id = run("worker", "echo 'worker up'; /bin/busybox sh -c \"x=\\$(/bin/busybox head -c 64000000 /dev/zero "
                        + "| /bin/busybox tr '\\\\000' a)\"; echo \"child exited $?\"; exec /bin/busybox sleep 3600",
                HostConfig.newHostConfig().withMemory(16L << 20).withMemorySwap(16L << 20), null);
        JsonNode r = awaitActive("worker", null, Duration.ofSeconds(60));
        assertEquals("oom-process-killed", r.path("diagnoses").path(0).path("rule").asText(), r.toString());
        assertEquals("oom-no-die", r.path("trigger").asText());
        assertTrue(count(id, "oom") >= 1, "oom events: " + count(id, "oom"));
        assertEquals(0, count(id, "die"), "the container died");
        assertTrue(client.inspectContainerCmd(id).exec().getState().getRunning());
    }
}
