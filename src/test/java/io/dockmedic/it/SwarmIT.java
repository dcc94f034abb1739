package io.dockmedic.it;

import static io.dockmedic.it.AgentHarness.atLeast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A Docker Swarm stack on the real engine: a one-replica service of a stack whose health check always
 * fails, so Swarm kills and replaces its task (a new container each time, about every 12 to 19 s).
 * The agent must name the diagnosis by the stack (project = stack namespace, service = the service
 * without the {@code NAMESPACE_} prefix), keep it as ONE diagnosis across the replacement (also through a
 * reconcile that finds the killed task exited before its replacement failed), count the replacement, name
 * every series by the task's slot, and end the diagnosis when a task of the slot is healthy (the fix deployed).
 *
 * <p>The swarm runs on a {@link PrivateSwarm} of the test's own (see there why never on the shared
 * engine); the service's only network is an internal overlay network. Everything goes with the swarm at
 * the end (service, network, swarm state, image, bridges).
 */
class SwarmIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String NAMESPACE_LABEL = PrivateSwarm.NAMESPACE_LABEL;
    /** The replacement counter (issue 17: "count replacements"). */
    static final String REPLACEMENTS = "dockmedic_swarm_task_replacements_total";
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFailingStackServiceIsOneDiagnosisAcrossTaskReplacements() throws Exception {
        String stack = "dmsw" + UUID.randomUUID().toString().substring(0, 6);
        try (PrivateSwarm swarm = new PrivateSwarm("sw")) {
            swarm.engine().loadTestImage();
            DockerClient docker = swarm.client();
            docker.createNetworkCmd().withName(stack + "_internal").withDriver("overlay").withInternal(true)
                    .withLabels(Map.of(NAMESPACE_LABEL, stack)).exec();
            docker.createServiceCmd(failingService(stack)).exec();
            try (CuttableProxy proxy = new CuttableProxy(swarm.engine().host().replaceFirst("^unix://", ""));
                 AgentHarness agent = new AgentHarness(proxy.host(), Map.of("watch.refresh_interval", "2s"))) {
                checkReconcileWhileTheKilledTaskHolds(agent, proxy, swarm, stack);
                checkDiagnosisAcrossReplacement(agent, swarm, stack);
                checkHealthyTaskClears(agent, swarm, stack);
            }
        }
    }

    /**
     * The stream is cut while the first task fails; Swarm kills it; the re-subscription's reconcile finds it exited
     * (and its replacement not failing yet): the service's diagnosis stays.
     */
    private static void checkReconcileWhileTheKilledTaskHolds(AgentHarness agent, CuttableProxy proxy, PrivateSwarm swarm,
                                                              String stack) throws Exception {
        String[] ofService = {"project=\"" + stack + "\"", "service=\"api\""};
        agent.await(WAIT, "the task diagnosed as " + stack + "/api", atLeast(1, "dockmedic_active_diagnosis", ofService));
        Set<String> first = taskContainers(swarm, stack);
        proxy.cut();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (first.stream().anyMatch(id -> running(swarm.client(), id)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(first.stream().noneMatch(id -> running(swarm.client(), id)), "Swarm killed the unhealthy task");
        proxy.restore();
        agent.await(WAIT, "re-subscribed", atLeast(1, "dockmedic_event_stream_reconnects_total"));
        Thread.sleep(1_000); // the reconcile's lanes ran
        assertEquals(1.0, agent.value("dockmedic_active_diagnosis", ofService),
                "the reconcile that forgot the killed task kept the service's diagnosis:\n" + AgentHarness.logs());
    }

    /** A rolling update to a health check that passes: Swarm's new task in the slot is healthy, the diagnosis ends. */
    private static void checkHealthyTaskClears(AgentHarness agent, PrivateSwarm swarm, String stack) throws Exception {
        DockerClient docker = swarm.client();
        com.github.dockerjava.api.model.Service service = docker.inspectServiceCmd(stack + "_api").exec();
        ServiceSpec fixed = failingService(stack);
        fixed.getTaskTemplate().getContainerSpec().withHealthCheck(new HealthCheck()
                .withTest(List.of("CMD", "/bin/busybox", "true")).withInterval(TimeUnit.MILLISECONDS.toNanos(500))
                .withTimeout(TimeUnit.SECONDS.toNanos(2)).withRetries(1).withStartPeriod(0L));
        docker.updateServiceCmd(service.getId(), fixed).withVersion(service.getVersion().getIndex()).exec();
        agent.await(WAIT, "the diagnosis ended with the healthy task",
                AgentHarness.absent("dockmedic_active_diagnosis", "project=\"" + stack + "\""));
        assertEquals(1.0, agent.value("dockmedic_diagnoses_total", "project=\"" + stack + "\"", "service=\"api\""),
                "the update's task is no new diagnosis");
    }

    private static boolean running(DockerClient docker, String id) {
        try {
            return Boolean.TRUE.equals(docker.inspectContainerCmd(id).exec().getState().getRunning());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void checkDiagnosisAcrossReplacement(AgentHarness agent, PrivateSwarm swarm, String stack)
            throws Exception {
        DockerClient docker = swarm.client();
        String[] ofService = {"project=\"" + stack + "\"", "service=\"api\""};
        agent.await(WAIT, "the task diagnosed as " + stack + "/api", atLeast(1, "dockmedic_active_diagnosis", ofService));
        Set<String> first = taskContainers(swarm, stack);
        assertTrue(!first.isEmpty(), "a task container exists");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String replacement = null;
        while (replacement == null && System.nanoTime() < deadline) {
            replacement = taskContainers(swarm, stack).stream().filter(id -> !first.contains(id))
                    .filter(id -> "unhealthy".equals(health(docker, id))).findFirst().orElse(null);
            Thread.sleep(200);
        }
        assertTrue(replacement != null, "Swarm replaced the unhealthy task within 60 s, and the new one failed too: "
                + taskContainers(swarm, stack));

        agent.await(WAIT, "the replacement counted", atLeast(1, REPLACEMENTS, ofService));
        agent.await(WAIT, "one diagnosis of the service while its replacement fails", h -> {
            try {
                return h.value("dockmedic_active_diagnosis", ofService) == 1 && active(h, stack).size() == 1;
            } catch (Exception e) {
                return false;
            }
        });
        Thread.sleep(4_000); // two refresh ticks: the replacement is re-diagnosed, nothing is cleared or counted
        List<String> series = agent.samples("dockmedic_active_diagnosis").stream()
                .filter(s -> s.contains(ofService[0])).toList();
        assertEquals(1, series.size(), "one active diagnosis series for the service, not one per task: " + series);
        List<String> streaks = agent.samples("dockmedic_health_failing_streak").stream()
                .filter(s -> s.contains(ofService[0])).toList();
        assertEquals(1, streaks.size(), "one failing-streak series for the slot, not one per task: " + streaks);
        assertTrue(streaks.get(0).contains("container=\"" + stack + "_api.1\""), "named by the slot: " + streaks);
        JsonNode report = active(agent, stack).get(0);
        assertEquals(stack, report.path("project").asText(), report.toString());
        assertEquals("api", report.path("service").asText(), report.toString());
        assertEquals(1.0, agent.value("dockmedic_diagnoses_total", ofService),
                "the replacement is the same failure, not a new one:\n" + agent.samples("dockmedic_diagnoses_total"));
    }

    private static String health(DockerClient docker, String id) {
        try {
            var h = docker.inspectContainerCmd(id).exec().getState().getHealth();
            return h == null ? "none" : h.getStatus();
        } catch (RuntimeException e) {
            return "gone";
        }
    }

    /** The active diagnoses of the stack's service {@code api}, from /api/v1/diagnoses. */
    private static List<JsonNode> active(AgentHarness agent, String stack) throws IOException, InterruptedException {
        JsonNode api = JSON.readTree(agent.get("/api/v1/diagnoses?project=" + stack + "&service=api"));
        return java.util.stream.StreamSupport.stream(api.path("active").spliterator(), false).toList();
    }

    /** Ids of every container (running or not) of the stack's service, as Swarm made them. */
    private static Set<String> taskContainers(PrivateSwarm swarm, String stack) {
        return Set.copyOf(swarm.taskContainers(stack + "_api"));
    }

    /** As {@code docker stack deploy} makes it: service {@code STACK_api}, the namespace label on service and task. */
    private static ServiceSpec failingService(String stack) {
        HealthCheck failing = new HealthCheck()
                .withTest(List.of("CMD", "/bin/busybox", "sh", "-c", "echo 'probe: /tmp/healthy missing'; exit 1"))
                .withInterval(TimeUnit.MILLISECONDS.toNanos(500))
                .withTimeout(TimeUnit.SECONDS.toNanos(2))
                .withRetries(1)
                .withStartPeriod(0L);
        String script = "/bin/busybox echo 'starting api'; "
                + "/bin/busybox echo \"OSError: [Errno 28] No space left on device: '/data/segment-7'\"; "
                + "exec /bin/busybox sleep 3600";
        ContainerSpec container = new ContainerSpec().withImage(TestDocker.IMAGE)
                .withLabels(Map.of(NAMESPACE_LABEL, stack))
                .withCommand(List.of("/bin/busybox", "sh", "-c", script))
                .withHealthCheck(failing);
        return new ServiceSpec().withName(stack + "_api").withLabels(Map.of(NAMESPACE_LABEL, stack))
                .withTaskTemplate(new TaskSpec().withContainerSpec(container)
                        .withNetworks(List.of(new NetworkAttachmentConfig().withTarget(stack + "_internal"))));
    }
}
