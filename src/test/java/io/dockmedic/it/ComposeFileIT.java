package io.dockmedic.it;

import static io.dockmedic.it.AgentHarness.absent;
import static io.dockmedic.it.AgentHarness.atLeast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A project labelled the way Compose v1 labels it (config_files and working_dir, no depends_on), on
 * the real engine with the 2 MB busybox image: the agent reads depends_on from the compose file, a
 * service of the file with no container is diagnosed, counted and made the root cause of the app
 * that depends on it, and clears when it starts.
 */
class ComposeFileIT {
    static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void aMissingServiceOfTheComposeFileIsDiagnosedCountedAndTheRootOfItsDependent() throws Exception {
        Path dir = Files.createTempDirectory("dockmedic-compose");
        Path file = Files.writeString(dir.resolve("docker-compose.yml"), """
                services:
                  postgres:
                    image: postgres:16
                  app:
                    build: .
                    restart: unless-stopped
                    depends_on:
                      postgres:
                        condition: service_started
                  migrate:
                    build: .
                    restart: "no"
                  debug:
                    image: busybox
                    profiles: [debug]
                  worker:
                    build: .
                    deploy:
                      replicas: 0
                """);
        try (TestDocker docker = new TestDocker(); AgentHarness agent = new AgentHarness(TestDocker.engineHost())) {
            String project = docker.name("cf");
            String p = "project=\"" + project + "\"";
            String migrate = docker.start(v1(docker, project, "migrate", file, dir).noHealthcheck().exit(0));
            String app = docker.start(v1(docker, project, "app", file, dir)
                    .lines(List.of("sqlalchemy.exc.OperationalError: could not translate host name \"postgres\" to address")));
            docker.awaitHealth(app, "unhealthy", Duration.ofSeconds(20));

            agent.await(WAIT, "postgres diagnosed as missing", atLeast(1, "dockmedic_active_diagnosis", p,
                    "service=\"postgres\"", "rule=\"compose-service-missing\"", "container=\"" + project + "_postgres_1\""));
            agent.await(WAIT, "app a symptom of the missing postgres (depends_on from the file)", h -> {
                try {
                    return h.value("dockmedic_root_cause", p, "service=\"postgres\"", "rule=\"compose-service-missing\"") == 1.0
                            && h.value("dockmedic_root_cause", p, "service=\"app\"") == 0.0
                            && h.value("dockmedic_active_diagnosis", p, "service=\"app\"") == 1.0;
                } catch (Exception e) {
                    return false;
                }
            });
            assertTrue(agent.get("/api/v1/diagnoses").contains("\"symptom_of\":\"postgres\""));
            assertEquals(1.0, agent.value("dockmedic_diagnoses_total", p, "service=\"postgres\"", "rule=\"compose-service-missing\""));
            assertCounts(agent, p, 3, 1, 1, 1);
            assertTrue(docker.client().inspectContainerCmd(migrate).exec().getState().getExitCodeLong() == 0);

            String postgres = docker.start(v1(docker, project, "postgres", file, dir).noHealthcheck());
            agent.await(WAIT, "the started postgres clears its diagnosis", absent("dockmedic_active_diagnosis", p, "service=\"postgres\""));
            agent.await(WAIT, "app is its own root cause again", atLeast(1, "dockmedic_root_cause", p, "service=\"app\""));
            agent.await(WAIT, "counts follow", atLeast(2, "dockmedic_compose_services", p, "state=\"running\""));
            assertCounts(agent, p, 3, 2, 1, 0);
            assertEquals(1.0, agent.value("dockmedic_diagnoses_total", p, "service=\"postgres\""), "counted once, not per check");
            docker.remove(postgres);
        }
    }

    private static void assertCounts(AgentHarness agent, String p, int expected, int running, int completed, int missing)
            throws Exception {
        assertEquals(List.of(expected, running, completed, missing, 0), List.of("expected", "running", "completed", "missing", "exited")
                .stream().map(s -> {
                    try {
                        return (int) agent.value("dockmedic_compose_services", p, "state=\"" + s + "\"");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList());
    }

    /** A container labelled as Compose v1 labels it: project, service, config_files, working_dir; no depends_on. */
    private static TestDocker.Spec v1(TestDocker docker, String project, String service, Path file, Path dir) {
        return new TestDocker.Spec(project + "_" + service + "_1").compose(project, service)
                .label("com.docker.compose.project.config_files", file.toString())
                .label("com.docker.compose.project.working_dir", dir.toString());
    }
}
