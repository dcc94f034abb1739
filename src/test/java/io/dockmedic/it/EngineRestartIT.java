package io.dockmedic.it;

import static io.dockmedic.it.AgentHarness.atLeast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * 30 containers turn unhealthy or exit while a (private) engine is restarted twice with
 * {@code --live-restore}: every transition is diagnosed, none twice; containers that exited while
 * the engine was down are diagnosed after it returns (the engine keeps no events across a restart,
 * so only the reconcile can see them) and keep that diagnosis across the second restart.
 *
 * <p>An engine before Docker 23 (Debian's 20.10 included) does not run health checks of
 * live-restored containers at all (moby/moby#41871): health cannot change after a restart there, so
 * the unhealthy transitions happen before the first restart, the last ones the moment before it.
 * The containers are controlled through files in a read-only bind mount that the test writes on
 * the host, so that they change state while the engine is down (no exec needed): the health check
 * tests {@code /ctl/NAME.healthy}, the main process exits 3 when {@code /ctl/NAME.exit} appears.
 * The observable is the agent's own counters: {@code dockmedic_diagnoses_total} per service (1 each)
 * and {@code dockmedic_active_diagnosis}; the engine's events are recorded as they happen (its
 * 256-event ring is flooded by the health checks' exec events within seconds) for the failure message.
 */
class EngineRestartIT {
    private static final String PROJECT = "faults-er";
    private static final int N = 30;

    private static String service(int i) {
        return String.format("s%02d", i);
    }

    private static String name(int i) {
        return "faults-er-" + service(i);
    }

    @Test
    void thirtyTransitionsAcrossTwoEngineRestartsAreEachDiagnosedOnce() throws Exception {
        try (PrivateEngine engine = new PrivateEngine("er")) {
            engine.loadTestImage();
            Path ctl = Files.createDirectory(engine.dir().resolve("ctl"));
            DockerClient docker = engine.client();
            for (int i = 0; i < N; i++) {
                Files.writeString(ctl.resolve(name(i) + ".healthy"), "");
                start(docker, ctl, i);
            }
            awaitEngine(engine, "all " + N + " healthy", Duration.ofSeconds(60),
                    () -> IntStream.range(0, N).allMatch(i -> "healthy".equals(health(docker, name(i)))));

            EventRecorder events = new EventRecorder(engine);
            try (AgentHarness agent = new AgentHarness(engine.host(), Map.of("watch.refresh_interval", "1s"))) {
                agent.await(Duration.ofSeconds(20), "event stream up", atLeast(1, "dockmedic_event_stream_up"));

                // A: s00-s09 turn unhealthy while everything is up
                for (int i = 0; i < 10; i++) {
                    Files.delete(ctl.resolve(name(i) + ".healthy"));
                }
                awaitDiagnosed(agent, events, 0, 10);

                // restart 1: B (s10-s19) turn unhealthy the moment before the engine stops (their
                // events may or may not reach the agent), C1 (s20-s24) exit 3 while it is down
                for (int i = 10; i < 20; i++) {
                    Files.delete(ctl.resolve(name(i) + ".healthy"));
                }
                awaitEngine(engine, "s10..s19 unhealthy", Duration.ofSeconds(30),
                        () -> IntStream.range(10, 20).allMatch(i -> "unhealthy".equals(health(docker, name(i)))));
                engine.stop();
                events.streamEnded();
                for (int i = 20; i < 25; i++) {
                    Files.writeString(ctl.resolve(name(i) + ".exit"), "");
                }
                Thread.sleep(2000); // they see the file within 0.5 s
                engine.start();
                events.subscribe();
                agent.await(Duration.ofSeconds(30), "reconnect after restart 1", atLeast(1, "dockmedic_event_stream_reconnects_total"));
                awaitDiagnosed(agent, events, 10, 25);
                assertEquals("exited", docker.inspectContainerCmd(name(20)).exec().getState().getStatus());

                // restart 2: C2 (s25-s29) exit while it is down; everything diagnosed before stays diagnosed once
                engine.stop();
                events.streamEnded();
                for (int i = 25; i < 30; i++) {
                    Files.writeString(ctl.resolve(name(i) + ".exit"), "");
                }
                Thread.sleep(2000);
                engine.start();
                events.subscribe();
                agent.await(Duration.ofSeconds(30), "reconnect after restart 2", atLeast(2, "dockmedic_event_stream_reconnects_total"));
                awaitDiagnosed(agent, events, 0, 30);

                Thread.sleep(3000); // reconciles, refresh ticks and late events: nothing may count twice
                List<String> wrong = new ArrayList<>();
                for (int i = 0; i < N; i++) {
                    double total = agent.value("dockmedic_diagnoses_total", "service=\"" + service(i) + "\"");
                    double active = agent.value("dockmedic_active_diagnosis", "container=\"" + name(i) + "\"");
                    if (total != 1.0 || active != 1.0) {
                        wrong.add(service(i) + ": diagnoses_total=" + total + " active=" + active);
                    }
                }
                assertTrue(wrong.isEmpty(), "each transition diagnosed exactly once and still active: " + wrong
                        + "\nengine events recorded:\n" + events.dump() + "\nagent log:\n" + tail(AgentHarness.logs()));
                for (int i = 0; i < 20; i++) {
                    assertEquals(1.0, agent.value("dockmedic_unhealthy_transitions_total", "service=\"" + service(i) + "\""),
                            service(i) + " counted one unhealthy transition");
                }
                assertEquals(3, engine.starts());
            } finally {
                events.close();
            }
        }
    }

    private static void start(DockerClient docker, Path ctl, int i) {
        String n = name(i);
        String script = "/bin/busybox echo '" + TestDocker.DB_LINE + "'; "
                + "while :; do if [ -f /ctl/" + n + ".exit ]; then /bin/busybox echo 'fatal: exiting'; exit 3; fi; "
                + "/bin/busybox sleep 0.5; done";
        String id = docker.createContainerCmd(TestDocker.IMAGE)
                .withName(n)
                .withLabels(Map.of("com.docker.compose.project", PROJECT, "com.docker.compose.service", service(i)))
                .withEntrypoint("/bin/busybox", "sh", "-c", script)
                .withHealthcheck(new HealthCheck()
                        .withTest(List.of("CMD", "/bin/busybox", "sh", "-c",
                                "test -f /ctl/" + n + ".healthy || { echo 'probe: not healthy'; exit 1; }"))
                        .withInterval(TimeUnit.SECONDS.toNanos(1))
                        // a loaded CI machine can take seconds to exec a probe: one slow probe must not
                        // make a container unhealthy that the test keeps healthy (a second transition)
                        .withTimeout(TimeUnit.SECONDS.toNanos(10))
                        .withRetries(3)
                        .withStartPeriod(0L))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")
                        .withBinds(new Bind(ctl.toString(), new Volume("/ctl"), AccessMode.ro)))
                .exec().getId();
        docker.startContainerCmd(id).exec();
    }

    private static String health(DockerClient docker, String name) {
        var h = docker.inspectContainerCmd(name).exec().getState().getHealth();
        return h == null ? "none" : h.getStatus();
    }

    private static void awaitDiagnosed(AgentHarness agent, EventRecorder events, int from, int to) throws Exception {
        Predicate<AgentHarness> all = h -> IntStream.range(from, to)
                .allMatch(i -> atLeast(1, "dockmedic_active_diagnosis", "container=\"" + name(i) + "\"").test(h));
        try {
            agent.await(Duration.ofSeconds(45), service(from) + ".." + service(to - 1) + " diagnosed", all);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nengine events recorded:\n" + events.dump()
                    + "\nagent log:\n" + tail(AgentHarness.logs()), e);
        }
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitEngine(PrivateEngine engine, String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "\ndockerd:\n" + engine.tail());
    }

    private static String tail(String log) {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** The engine's container events (health and exits) as they happen, across restarts. */
    private static final class EventRecorder implements Closeable {
        private final PrivateEngine engine;
        private final Queue<String> seen = new ConcurrentLinkedQueue<>();
        private Closeable current;

        EventRecorder(PrivateEngine engine) {
            this.engine = engine;
            subscribe();
        }

        void subscribe() {
            current = engine.client().eventsCmd().withEventTypeFilter("container")
                    .withEventFilter("health_status", "die", "start")
                    .exec(new ResultCallback.Adapter<Event>() {
                        @Override
                        public void onNext(Event e) {
                            String n = e.getActor() == null ? "?" : e.getActor().getAttributes().getOrDefault("name", "?");
                            seen.add(e.getTimeNano() + " " + n + " " + e.getAction());
                        }
                    });
        }

        void streamEnded() {
            seen.add("-- engine stopped");
            close();
        }

        String dump() {
            return String.join("\n", seen);
        }

        @Override
        public void close() {
            try {
                if (current != null) {
                    current.close();
                }
            } catch (IOException ignored) {
                // ending
            }
        }
    }
}
