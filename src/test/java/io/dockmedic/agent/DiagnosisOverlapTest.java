package io.dockmedic.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dockmedic.diagnosis.Diagnoser;
import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineException;
import io.dockmedic.docker.PendingCall;
import io.dockmedic.evidence.EvidenceCollector;
import io.dockmedic.rules.RuleLoader;
import io.dockmedic.rules.RuleSet;
import io.dockmedic.stack.ComposeFiles;
import io.dockmedic.stack.InspectCache;
import io.dockmedic.state.Health;
import io.dockmedic.state.Trigger;
import io.dockmedic.watch.FakeEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A diagnosis waits for the engine once for several calls, not once per call in a row: the container's own log read
 * is sent before its compose stack is listed, and the logs of every service it depends on are all sent before the
 * first answer is awaited. Behind a fake engine that records what was sent when (no timing is measured).
 */
class DiagnosisOverlapTest {
    /** The rule that needs the neighbour's log: the passwords agree, yet postgres rejects the app's. */
    private static final String STALE = "postgres-volume-password-stale";
    private static final String AUTH = "FATAL:  password authentication failed for user \"app\"";

    /** The fake engine, recording which log reads were sent when the project's members were listed. */
    private static class Recording implements Engine {
        final FakeEngine fake = new FakeEngine();
        final Set<String> logsSent = ConcurrentHashMap.newKeySet();
        volatile Set<String> logsSentWhenListed;

        @Override
        public List<Member> projectMembers(String project) {
            logsSentWhenListed = Set.copyOf(logsSent);
            return fake.projectMembers(project);
        }

        @Override
        public List<String> logs(String id, long sinceEpochSeconds, int tail) {
            logsSent.add(id);
            return fake.logs(id, sinceEpochSeconds, tail);
        }

        @Override
        public Optional<ContainerInfo> inspect(String idOrName) throws EngineException {
            return fake.inspect(idOrName);
        }

        @Override
        public Subscription events(long sinceNanos, long untilNanos, EventSink sink) throws EngineException {
            return fake.events(sinceNanos, untilNanos, sink);
        }

        @Override
        public List<String> runningContainerIds() throws EngineException {
            return fake.runningContainerIds();
        }

        @Override
        public String ping() throws EngineException {
            return fake.ping();
        }

        @Override
        public void close() {
            fake.close();
        }
    }

    private static ContainerInfo put(Recording engine, String service, String dependsOn, Health health, String line) {
        Map<String, String> labels = new HashMap<>(Map.of("com.docker.compose.project", "shop",
                "com.docker.compose.service", service));
        if (dependsOn != null) {
            labels.put("com.docker.compose.depends_on", dependsOn);
        }
        Map<String, String> env = service.equals("postgres") ? Map.of("POSTGRES_PASSWORD", "Same123")
                : Map.of("DATABASE_URL", "postgresql://app:Same123@postgres:5432/app");
        ContainerInfo c = new ContainerInfo("id-" + service, "shop-" + service + "-1", "img", labels, env, true, false,
                "running", health, List.of(), null, false, 0, Instant.now(), null);
        engine.fake.containers.put(c.id(), c);
        engine.fake.logs.put(c.id(), List.of(line));
        return c;
    }

    private static DiagnosisService service(Engine engine) throws Exception {
        RuleSet rules = RuleLoader.load(List.of(), true);
        return new DiagnosisService(engine, new EvidenceCollector(engine, 50, 5), new Diagnoser(() -> rules),
                new InspectCache(Duration.ZERO), new ComposeFiles());
    }

    @Test
    void theContainersLogsAreSentBeforeItsStackIsListed() throws Exception {
        Recording engine = new Recording();
        put(engine, "postgres", null, Health.HEALTHY, AUTH);
        ContainerInfo app = put(engine, "app", "postgres:service_healthy:false", Health.UNHEALTHY, "starting app");

        var diagnosed = service(engine).diagnose(app, Trigger.UNHEALTHY, 0L, null).orElseThrow();

        assertEquals(Set.of("id-app"), engine.logsSentWhenListed, "the own log read waits behind the stack");
        assertEquals(STALE, diagnosed.report().top().rule(), "the neighbour's logs are evidence");
    }

    /** Every neighbour read is sent before any is answered: each pending read waits until all were sent. */
    @Test
    void theNeighboursLogsAreAllSentBeforeTheFirstIsAwaited() throws Exception {
        CountDownLatch allSent = new CountDownLatch(3); // app's own read and its two neighbours'
        Recording engine = new Recording() {
            @Override
            public PendingCall<List<String>> startLogs(String id, long sinceEpochSeconds, int tail) {
                allSent.countDown();
                return new PendingCall<>() {
                    @Override
                    public List<String> await() throws EngineException {
                        try {
                            if (!allSent.await(5, TimeUnit.SECONDS)) {
                                throw new EngineException("read of " + id + " awaited before every read was sent");
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new EngineException("interrupted");
                        }
                        return logs(id, sinceEpochSeconds, tail);
                    }

                    @Override
                    public void cancel() {
                        // answered on await
                    }
                };
            }
        };
        put(engine, "postgres", null, Health.HEALTHY, AUTH);
        put(engine, "redis", null, Health.HEALTHY, "Ready to accept connections tcp");
        ContainerInfo app = put(engine, "app", "postgres:service_healthy:false,redis:service_started:false",
                Health.UNHEALTHY, "starting app");

        var diagnosed = service(engine).diagnose(app, Trigger.UNHEALTHY, 0L, null).orElseThrow();

        assertEquals(STALE, diagnosed.report().top().rule());
    }

    /** A stack with many dependencies keeps at most 3 reads out per diagnosis: 16 lanes stay within the engine's calls. */
    @Test
    void atMostThreeReadsAreOutAtOnce() throws Exception {
        java.util.concurrent.atomic.AtomicInteger out = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        Recording engine = new Recording() {
            @Override
            public PendingCall<List<String>> startLogs(String id, long sinceEpochSeconds, int tail) {
                most.accumulateAndGet(out.incrementAndGet(), Math::max);
                return new PendingCall<>() {
                    @Override
                    public List<String> await() {
                        out.decrementAndGet();
                        return logs(id, sinceEpochSeconds, tail);
                    }

                    @Override
                    public void cancel() {
                        // answered on await
                    }
                };
            }
        };
        StringBuilder deps = new StringBuilder();
        for (int i = 1; i <= 6; i++) {
            put(engine, "db" + i, null, Health.HEALTHY, "db" + i + " ready");
            deps.append(deps.length() == 0 ? "" : ",").append("db").append(i).append(":service_started:false");
        }
        ContainerInfo app = put(engine, "app", deps.toString(), Health.UNHEALTHY, "starting app");

        var diagnosed = service(engine).diagnose(app, Trigger.UNHEALTHY, 0L, null).orElseThrow();

        assertEquals(3, most.get(), "reads out at once");
        assertEquals(0, out.get());
        assertEquals("app", diagnosed.ref().serviceOrName());
    }
}
