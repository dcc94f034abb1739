package io.dockmedic.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * wait-healthy ends at the first decisive sign, on a scripted engine and a ticker that moves only when
 * the wait sleeps (no wall-clock time in this test).
 */
class HealthWaitTest {
    static final Instant BEFORE = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant RESTARTED = BEFORE.plusSeconds(600);
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** Answers inspect with the scripted states in order; the last one repeats. */
    static final class ScriptedEngine implements Engine {
        final Deque<Optional<ContainerInfo>> script = new ArrayDeque<>();
        int inspects;

        ScriptedEngine then(Optional<ContainerInfo> state, int times) {
            for (int i = 0; i < times; i++) {
                script.add(state);
            }
            return this;
        }

        @Override
        public Optional<ContainerInfo> inspect(String idOrName) {
            inspects++;
            return script.size() > 1 ? script.poll() : script.peek();
        }

        @Override
        public Subscription events(long sinceNanos, long untilNanos, EventSink sink) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> runningContainerIds() {
            return List.of();
        }

        @Override
        public List<String> logs(String id, long sinceEpochSeconds, int tail) {
            return List.of();
        }

        @Override
        public String ping() {
            return "test";
        }

        @Override
        public void close() {
        }
    }

    /** Time that passes only in sleep. */
    static final class SteppedTicker implements HealthWait.Ticker {
        long nanos;

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public void sleep(Duration d) {
            nanos += d.toNanos();
        }
    }

    static Optional<ContainerInfo> state(boolean running, String health, Instant startedAt, boolean oom) {
        return Optional.of(new ContainerInfo("c1", "app-1", "img", Map.of(), Map.of(), running, false,
                running ? "running" : "exited", io.dockmedic.state.Health.of(health), List.of(), running ? null : (oom ? 137 : 1), oom, 0, startedAt, null));
    }

    final ScriptedEngine engine = new ScriptedEngine();
    final SteppedTicker ticker = new SteppedTicker();

    Optional<RunResult.StepFailure> await() throws Exception {
        return new HealthWait(engine, ticker).await("c1", BEFORE, TIMEOUT);
    }

    @Test
    void restartedThenUnhealthyAgainFailsAtOnceNotAfterTheTimeout() throws Exception {
        engine.then(state(true, "starting", RESTARTED, false), 40).then(state(true, "unhealthy", RESTARTED, false), 1);
        Optional<RunResult.StepFailure> f = await();
        assertEquals(RunResult.Failure.UNHEALTHY_AGAIN, f.orElseThrow().failure(), f.toString());
        assertEquals(41, engine.inspects, "ends at the first unhealthy look");
        assertTrue(Duration.ofNanos(ticker.nanos).compareTo(Duration.ofSeconds(11)) < 0, "waited " + ticker.nanos);
    }

    @Test
    void healthyAfterTheRestartSucceeds() throws Exception {
        engine.then(state(true, "starting", RESTARTED, false), 3).then(state(true, "healthy", RESTARTED, false), 1);
        assertEquals(Optional.empty(), await());
        assertEquals(4, engine.inspects);
    }

    @Test
    void runningWithoutAHealthcheckSucceeds() throws Exception {
        engine.then(state(true, "none", RESTARTED, false), 1);
        assertEquals(Optional.empty(), await());
    }

    @Test
    void diedFailsAtOnce() throws Exception {
        engine.then(state(true, "starting", RESTARTED, false), 2).then(state(false, "unhealthy", RESTARTED, false), 1);
        Optional<RunResult.StepFailure> f = await();
        assertEquals(RunResult.Failure.DIED, f.orElseThrow().failure());
        assertEquals("exited with code 1", f.get().detail());
        assertEquals(3, engine.inspects);
    }

    @Test
    void oomKilledFailsAtOnce() throws Exception {
        engine.then(state(false, "starting", RESTARTED, true), 1);
        Optional<RunResult.StepFailure> f = await();
        assertEquals(RunResult.Failure.OOM_KILLED, f.orElseThrow().failure());
        assertEquals(1, engine.inspects);
    }

    @Test
    void goneFailsAtOnce() throws Exception {
        engine.then(Optional.empty(), 1);
        assertEquals(RunResult.Failure.GONE, await().orElseThrow().failure());
    }

    @Test
    void restartingKeepsWaiting() throws Exception {
        Optional<ContainerInfo> restarting = Optional.of(new ContainerInfo("c1", "app-1", "img", Map.of(), Map.of(), false,
                true, "restarting", io.dockmedic.state.Health.UNHEALTHY, List.of(), 1, false, 1, RESTARTED, null));
        engine.then(restarting, 5).then(state(true, "healthy", RESTARTED.plusSeconds(2), false), 1);
        assertEquals(Optional.empty(), await());
        assertEquals(6, engine.inspects);
    }

    @Test
    void notRestartedByThePlaybookUnhealthyIsNotDecisive() throws Exception {
        // e.g. "restart db, then wait for app": app keeps its old start and old unhealthy status until a probe passes
        engine.then(state(true, "unhealthy", BEFORE, false), 10).then(state(true, "healthy", BEFORE, false), 1);
        assertEquals(Optional.empty(), await());
        assertEquals(11, engine.inspects);
    }

    @Test
    void neverDecidedEndsAtTheTimeoutNamingTheLastState() throws Exception {
        engine.then(state(true, "unhealthy", BEFORE, false), 1);
        Optional<RunResult.StepFailure> f = await();
        assertEquals(RunResult.Failure.TIMED_OUT, f.orElseThrow().failure());
        assertEquals("not healthy within 90000 ms (last: unhealthy)", f.get().detail());
        assertEquals(TIMEOUT.dividedBy(HealthWait.POLL), engine.inspects);
    }
}
