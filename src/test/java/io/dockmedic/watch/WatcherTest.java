package io.dockmedic.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.state.Health;
import io.dockmedic.state.Trigger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatcherTest {
    private final FakeEngine engine = new FakeEngine();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private Watcher watcher;

    private final WatchListener listener = new WatchListener() {
        @Override
        public void health(ContainerRef ref, Health status) {
            calls.add("health " + ref.id() + " " + status);
        }

        @Override
        public void failing(ContainerInfo info, Trigger trigger, long eventTimeNanos, Integer exitCode) {
            calls.add("failing " + info.id() + " " + trigger);
        }

        @Override
        public void recovered(ContainerRef ref) {
            calls.add("recovered " + ref.id());
        }

        @Override
        public void started(ContainerInfo info) {
            calls.add("started " + info.id());
        }

        @Override
        public void removed(ContainerRef ref) {
            calls.add("removed " + ref.id());
        }

        @Override
        public void reconnected() {
            calls.add("reconnected");
        }

        @Override
        public void streamUp(boolean up) {
            calls.add(up ? "stream up" : "stream down");
        }

        @Override
        public void checkProjects(Trigger trigger) {
            calls.add("projects " + trigger);
        }
    };

    private static long now() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    private void start() {
        watcher = new Watcher(engine, listener, 64, 2, Duration.ofMillis(20), Duration.ofMillis(100));
        watcher.start();
    }

    /** A watcher whose work that failed on the engine is done again every 100 ms (its probe interval). */
    private void startRetryingEvery100ms() {
        watcher = new Watcher(engine, listener, 64, 2, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ZERO,
                Duration.ofMillis(100));
        watcher.start();
    }

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
    }

    private static void await(String what, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private long count(String call) {
        return calls.stream().filter(call::equals).count();
    }

    /** Diagnoses of a container, whatever found it first (its event or the start-up reconcile). */
    private long failing(String id) {
        return calls.stream().filter(c -> c.startsWith("failing " + id + " ")).count();
    }

    @Test
    void projectsAreCheckedAfterEveryReconcileAndOnEveryRefreshTick() throws Exception {
        watcher = new Watcher(engine, listener, 64, 2, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofMillis(50));
        watcher.start();
        await("checked after the start-up reconcile", () -> count("projects reconcile") == 1);
        await("checked on refresh ticks", () -> count("projects refresh") >= 2);
    }

    @Test
    void alreadyUnhealthyAtStartIsDiagnosedOnce() throws Exception {
        engine.containers.put("a", FakeEngine.container("a", Health.UNHEALTHY, true));
        start();
        await("reconcile", () -> count("failing a reconcile") == 1);
        // an event that repeats the state the reconcile found must not diagnose it again
        engine.emit("a", "health_status: unhealthy", now() - Duration.ofSeconds(1).toNanos());
        Thread.sleep(200);
        assertEquals(1, calls.stream().filter(c -> c.startsWith("failing a")).count(), calls.toString());
    }

    @Test
    void unhealthyThenHealthyDiagnosesThenClears() throws Exception {
        engine.containers.put("a", FakeEngine.container("a", Health.STARTING, true));
        start();
        await("subscribed", () -> !engine.live.isEmpty());
        engine.emit("a", "health_status: unhealthy", now());
        engine.emit("a", "health_status: unhealthy", now() + 1); // duplicate status: no second diagnosis
        engine.emit("a", "health_status: healthy", now() + 2);
        await("recovered", () -> count("recovered a") == 1);
        assertEquals(1, failing("a"), calls.toString());
    }

    /** Containers a and b start; a turns unhealthy and is diagnosed; then the stream is cut. Returns the time after the cut. */
    private long aDiagnosedThenCut() throws Exception {
        engine.containers.put("a", FakeEngine.container("a", Health.STARTING, true));
        engine.containers.put("b", FakeEngine.container("b", Health.STARTING, true));
        start();
        await("subscribed", () -> !engine.live.isEmpty());
        engine.emit("a", "health_status: unhealthy", now());
        await("a diagnosed", () -> failing("a") == 1);
        engine.cut();
        return now();
    }

    @Test
    void replayedEventsAfterACutAreNotLostNorDoubled() throws Exception {
        long t = aDiagnosedThenCut();
        engine.emit("b", "health_status: unhealthy", t);     // missed live, replayed later
        engine.emit("b", "health_status: healthy", t + 1);
        engine.emit("a", "health_status: healthy", t + 2);
        engine.containers.put("a", FakeEngine.container("a", Health.HEALTHY, true));
        engine.containers.put("b", FakeEngine.container("b", Health.HEALTHY, true));
        engine.up();

        await("reconnected", () -> count("reconnected") == 1);
        await("b cleared", () -> count("recovered b") == 1);
        await("a cleared", () -> count("recovered a") == 1);
        Thread.sleep(200);
        assertEquals(1, failing("a"), calls.toString());
        assertEquals(1, failing("b"), calls.toString());
        assertTrue(engine.subscriptions >= 3, "replay + live after the cut");
    }

    @Test
    void dieAfterKillIsNotAFailureButACrashIs() throws Exception {
        engine.containers.put("a", FakeEngine.container("a", Health.NONE, false));
        start();
        await("subscribed", () -> !engine.live.isEmpty());
        long t = now();
        engine.emit("a", "kill", t);
        engine.history.clear();
        engine.emit("a", "die", t + 1);
        Thread.sleep(200);
        assertEquals(0, calls.stream().filter(c -> c.startsWith("failing")).count(), calls.toString());
    }

    /**
     * Podman's health_status names no status, and the one it carries elsewhere is the old one right
     * after a start: the container's inspected health decides.
     */
    @Test
    void aHealthEventWithoutItsStatusIsReadFromTheContainer() throws Exception {
        engine.containers.put("a", FakeEngine.container("a", Health.STARTING, true));
        start();
        await("subscribed", () -> !engine.live.isEmpty());
        await("reconciled", () -> count("projects reconcile") == 1);
        engine.containers.put("a", FakeEngine.container("a", Health.UNHEALTHY, true));
        engine.emit("a", "health_status", now());
        await("a diagnosed", () -> failing("a") == 1);
        engine.containers.put("a", FakeEngine.container("a", Health.HEALTHY, true));
        engine.emit("a", "health_status", now() + 1);
        await("a cleared", () -> count("recovered a") == 1);
        assertEquals(1, failing("a"), calls.toString());
    }

    /** Podman replays nothing with since+until: the live stream starts at the last event seen instead. */
    @Test
    void withoutAFiniteReplayTheLiveStreamReplaysFromTheLastEventSeen() throws Exception {
        engine.noFiniteReplay = true;
        long t = aDiagnosedThenCut();
        engine.emit("b", "health_status: unhealthy", t);     // missed live, replayed by the since-only stream
        engine.emit("b", "health_status: healthy", t + 1);
        engine.containers.put("b", FakeEngine.container("b", Health.HEALTHY, true));
        engine.up();

        await("reconnected", () -> count("reconnected") == 1);
        await("b diagnosed and cleared", () -> count("recovered b") == 1);
        Thread.sleep(200);
        assertEquals(1, failing("a"), calls.toString());
        assertEquals(1, failing("b"), calls.toString());
    }

    @Test
    void destroyDropsTheContainer() throws Exception {
        engine.containers.put("a", FakeEngine.container("a", Health.UNHEALTHY, true));
        start();
        await("reconcile", () -> count("failing a reconcile") == 1);
        engine.containers.remove("a");
        engine.emit("a", "destroy", now() + Duration.ofSeconds(1).toNanos());
        await("removed", () -> count("removed a") == 1);
    }

    /**
     * A hung engine keeps the stream open and silent: without a liveness probe the watcher would
     * report the stream up forever. A failed ping reports it down (engine unresponsive); when the
     * engine answers again the watcher re-subscribes and diagnoses what happened meanwhile, once.
     */
    @Test
    void aHungEngineIsReportedDownAndTheWatcherRecoversWhenItAnswersAgain() throws Exception {
        engine.containers.put("a", FakeEngine.container("a", Health.STARTING, true));
        watcher = new Watcher(engine, listener, 64, 2, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ZERO,
                Duration.ofMillis(50));
        assertEquals(EngineStatus.CONNECTING, watcher.engineStatus());
        watcher.start();
        await("stream up", () -> count("stream up") == 1 && watcher.engineStatus() == EngineStatus.UP);

        engine.frozen = true;
        await("stream down", () -> count("stream down") == 1);
        assertEquals(EngineStatus.UNRESPONSIVE, watcher.engineStatus());
        engine.emit("a", "health_status: unhealthy", now()); // happens while nobody can see it
        Thread.sleep(300);
        assertEquals(1, count("stream down"), "stays down while the engine hangs: " + calls);
        assertEquals(0, failing("a"));

        engine.frozen = false;
        await("stream up again", () -> count("stream up") == 2 && watcher.engineStatus() == EngineStatus.UP);
        await("a diagnosed after the engine came back", () -> failing("a") == 1);
        Thread.sleep(200);
        assertEquals(1, failing("a"), calls.toString());
    }

    /**
     * The liveness probe asks only whether the engine answers, never its version: Podman answers /version by running
     * its helper binaries (conmon, the OCI runtime), seconds on a loaded machine, every probe interval.
     */
    @Test
    void theLivenessProbeAsksNoVersion() throws Exception {
        watcher = new Watcher(engine, listener, 64, 2, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ZERO,
                Duration.ofMillis(20));
        watcher.start();
        await("stream up", () -> count("stream up") == 1);
        await("probed a few times", () -> engine.alives.get() >= 5);
        assertEquals(1, engine.pings.get(), "the version is asked once per connect");
    }

    @Test
    void aRefusingEngineIsUnreachableNotUnresponsive() throws Exception {
        engine.down = true;
        start();
        await("refused", () -> watcher.engineStatus() == EngineStatus.UNREACHABLE);
        engine.up();
        await("up", () -> watcher.engineStatus() == EngineStatus.UP);
    }

    private static ContainerInfo exited(String id, int exitCode, java.time.Instant finishedAt) {
        return new ContainerInfo(id, "c-" + id, "img", java.util.Map.of("com.docker.compose.project", "p",
                "com.docker.compose.service", "s-" + id), java.util.Map.of(), false, false, "exited", Health.UNHEALTHY,
                List.of(), exitCode, false, 0, finishedAt.minusSeconds(10), finishedAt);
    }

    @Test
    void exitWhileTheEngineWasDownIsDiagnosedOnceAfterItReturnsAndKeptAcrossTheNextRestart() throws Exception {
        engine.containers.put("a", FakeEngine.container("a", Health.UNHEALTHY, true));
        engine.containers.put("b", FakeEngine.container("b", Health.HEALTHY, true));
        start();
        await("a diagnosed at start", () -> failing("a") == 1);
        // b's own start look must be done before the engine goes: otherwise it may first meet b already exited
        await("b known at start", () -> count("health b healthy") == 1);

        // the engine restarts (--live-restore): its event history is gone, a and b exit badly meanwhile
        engine.cut();
        engine.history.clear();
        java.time.Instant finished = java.time.Instant.now();
        engine.containers.put("a", exited("a", 3, finished));
        engine.containers.put("b", exited("b", 137, finished));
        engine.up();
        await("a's exit diagnosed", () -> count("failing a die") == 1);
        await("b's exit diagnosed", () -> count("failing b die") == 1);

        // a second restart: the same exits are neither diagnosed again nor forgotten
        engine.cut();
        engine.history.clear();
        engine.up();
        await("second reconnect", () -> count("reconnected") == 2);
        Thread.sleep(300);
        assertEquals(2, failing("a"), calls.toString());
        assertEquals(1, failing("b"), calls.toString());
        assertEquals(0, calls.stream().filter(c -> c.startsWith("removed")).count(), calls.toString());
    }

    /**
     * Docker 20.10 restoring a container after its own restart (--live-restore) may state its exit twice, with a
     * later FinishedAt the second time (seen in EngineRestartIT): the container has not started again, so it is the
     * same exit, diagnosed once.
     */
    @Test
    void anExitRestatedWithAnotherFinishedAtWithoutANewStartIsDiagnosedOnce() throws Exception {
        engine.containers.put("a", FakeEngine.container("a", Health.HEALTHY, true));
        start();
        await("a known", () -> count("health a healthy") == 1);

        engine.cut();
        engine.history.clear();
        java.time.Instant finished = java.time.Instant.now();
        engine.containers.put("a", exited("a", 3, finished));
        engine.up();
        await("a's exit diagnosed", () -> count("failing a die") == 1);

        // the engine restates the same exit a moment later, and says so with a die event
        java.time.Instant restated = finished.plusSeconds(2);
        ContainerInfo again = exited("a", 3, restated);
        engine.containers.put("a", new ContainerInfo(again.id(), again.name(), again.image(), again.labels(), again.env(),
                false, false, "exited", Health.UNHEALTHY, List.of(), 3, false, 0, finished.minusSeconds(10), restated));
        io.dockmedic.docker.EngineEvent die = new io.dockmedic.docker.EngineEvent("a", "die", java.util.Map.of("exitCode", "3"), now());
        engine.history.add(die);
        engine.live.forEach(l -> l.onEvent(die));
        Thread.sleep(300);
        // and again after one more restart
        engine.cut();
        engine.history.clear();
        engine.up();
        await("second reconnect", () -> count("reconnected") == 2);
        Thread.sleep(300);
        assertEquals(1, count("failing a die"), calls.toString());
    }

    @Test
    void aCleanStopSeenLiveIsNotTakenForACrashByTheNextReconcile() throws Exception {
        engine.containers.put("a", FakeEngine.container("a", Health.HEALTHY, true));
        start();
        await("a known", () -> count("health a healthy") == 1);
        long t = now();
        engine.emit("a", "kill", t);
        engine.containers.put("a", exited("a", 143, java.time.Instant.now()));
        engine.emit("a", "die", t + 1);
        Thread.sleep(200);
        engine.cut();
        engine.up();
        await("reconnected", () -> count("reconnected") == 1);
        await("forgotten by the reconcile", () -> count("removed a") == 1);
        assertEquals(0, failing("a"), calls.toString());
    }

    @Test
    void aDieEventQueuedBehindTheReconcileThatDiagnosedItCountsOnce() throws Exception {
        java.time.Instant finished = java.time.Instant.now();
        engine.containers.put("a", FakeEngine.container("a", Health.HEALTHY, true));
        start();
        await("subscribed", () -> !engine.live.isEmpty());
        await("a known", () -> count("health a healthy") == 1);
        engine.cut();
        engine.containers.put("a", exited("a", 2, finished));
        // the die happened while we were away, and the engine still has it for the replay
        engine.history.add(new io.dockmedic.docker.EngineEvent("a", "die", java.util.Map.of("exitCode", "2"),
                finished.toEpochMilli() * 1_000_000L + 5_000_000L));
        engine.up();
        await("a's exit diagnosed", () -> count("failing a die") == 1);
        Thread.sleep(300);
        assertEquals(1, failing("a"), calls.toString());
    }

    @Test
    void aTransitionWhoseInspectFailedIsAppliedAfterTheReconnectEvenIfTheContainerChangedMeanwhile() throws Exception {
        engine.containers.put("a", FakeEngine.container("a", Health.HEALTHY, true));
        start();
        await("a known", () -> count("health a healthy") == 1);
        // a turns unhealthy; the event arrives but the engine dies before the inspect that diagnoses it
        engine.inspectFails = true;
        engine.emit("a", "health_status: unhealthy", now());
        Thread.sleep(300);
        engine.cut();
        // while the stream is down, a crashes (the engine keeps that event for the replay)
        java.time.Instant finished = java.time.Instant.now().plusMillis(5);
        engine.containers.put("a", exited("a", 3, finished));
        engine.history.add(new io.dockmedic.docker.EngineEvent("a", "die", java.util.Map.of("exitCode", "3"),
                finished.toEpochMilli() * 1_000_000L));
        engine.inspectFails = false;
        engine.up();
        await("the crash diagnosed", () -> count("failing a die") == 1);
        await("the unhealthy transition diagnosed too", () -> count("failing a unhealthy") == 1);
        Thread.sleep(200);
        assertEquals(2, failing("a"), calls.toString());
    }

    /** The start-up reconcile's inspect of an unhealthy container fails (a stalled engine); the stream stays up. */
    @Test
    void aContainerWhoseReconcileInspectFailedIsReconciledAgainWhileTheStreamStaysUp() throws Exception {
        engine.containers.put("a", FakeEngine.container("a", Health.UNHEALTHY, true));
        engine.inspectFails = true;
        startRetryingEvery100ms();
        await("stream up", () -> count("stream up") == 1);
        Thread.sleep(300);
        engine.inspectFails = false;
        await("a diagnosed without any event or reconnect", () -> count("failing a reconcile") == 1);
        Thread.sleep(300);
        assertEquals(1, failing("a"), calls.toString());
        assertEquals(1, count("stream up"), "no reconnect: " + calls);
    }

    /** A crash and the restart after it, both while the engine answers no inspect: the crash is still reported. */
    @Test
    void aCrashAndItsRestartBothFailedAreAppliedInTheirOrderOnTheRetry() throws Exception {
        engine.containers.put("a", FakeEngine.container("a", Health.HEALTHY, true));
        startRetryingEvery100ms();
        await("a known", () -> count("health a healthy") == 1);
        engine.inspectFails = true;
        java.time.Instant finished = java.time.Instant.now();
        engine.containers.put("a", exited("a", 3, finished));
        io.dockmedic.docker.EngineEvent die = new io.dockmedic.docker.EngineEvent("a", "die",
                java.util.Map.of("exitCode", "3"), nanos(finished));
        engine.history.add(die);
        engine.live.forEach(sub -> sub.onEvent(die));
        Thread.sleep(100);
        engine.containers.put("a", FakeEngine.container("a", Health.STARTING, true));
        engine.emit("a", "start", nanos(finished) + 50_000_000L);
        Thread.sleep(300);
        engine.inspectFails = false;
        await("the crash diagnosed", () -> count("failing a die") == 1);
        await("the start seen", () -> count("started a") == 1);
        assertEquals(1, count("stream up"), "no reconnect: " + calls);
    }

    /** A health event whose inspect failed is applied again on the next retry, not only after a reconnect. */
    @Test
    void aTransitionWhoseInspectFailedIsAppliedAgainWhileTheStreamStaysUp() throws Exception {
        engine.containers.put("a", FakeEngine.container("a", Health.HEALTHY, true));
        startRetryingEvery100ms();
        await("a known", () -> count("health a healthy") == 1);
        engine.inspectFails = true;
        engine.containers.put("a", FakeEngine.container("a", Health.UNHEALTHY, true));
        engine.emit("a", "health_status: unhealthy", now());
        Thread.sleep(300);
        engine.inspectFails = false;
        await("the transition diagnosed", () -> count("failing a unhealthy") == 1);
        Thread.sleep(300);
        assertEquals(1, failing("a"), calls.toString());
        assertEquals(1, count("stream up"), "no reconnect: " + calls);
    }

    @Test
    void aStopWhoseDieInspectFailedIsStillNotACrash() throws Exception {
        engine.containers.put("a", FakeEngine.container("a", Health.NONE, true));
        start();
        await("a known", () -> count("health a none") == 1);
        long t = now();
        engine.emit("a", "kill", t);
        engine.inspectFails = true;
        engine.containers.put("a", exited("a", 143, java.time.Instant.now()));
        engine.emit("a", "die", t + 1);
        Thread.sleep(300);
        engine.cut();
        engine.inspectFails = false;
        engine.up();
        await("reconnected", () -> count("reconnected") == 1);
        Thread.sleep(300);
        assertEquals(0, failing("a"), calls.toString());
    }

    /** The checkpoint file, in memory. */
    private static final class MemoryCheckpoint implements Checkpoint {
        volatile long saved;

        @Override
        public java.util.OptionalLong load() {
            return saved == 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(saved);
        }

        @Override
        public void save(long seenUntilNanos) {
            saved = seenUntilNanos;
        }
    }

    private void start(Checkpoint checkpoint) {
        watcher = new Watcher(engine, listener, 64, 2, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ZERO,
                checkpoint);
        watcher.start();
    }

    private static long nanos(java.time.Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Test
    void aCrashWhileTheAgentWasDeadIsDiagnosedOnceByTheNextAgentWithTheCheckpoint() throws Exception {
        MemoryCheckpoint checkpoint = new MemoryCheckpoint();
        engine.containers.put("a", FakeEngine.container("a", Health.HEALTHY, true));
        engine.containers.put("s", FakeEngine.container("s", Health.HEALTHY, true));
        engine.containers.put("r", FakeEngine.container("r", Health.HEALTHY, true));
        engine.containers.put("old", exited("old", 1, java.time.Instant.now().minus(Duration.ofHours(1))));
        start(checkpoint);
        await("a known", () -> count("health a healthy") == 1);
        watcher.close(); // the agent goes away (a SIGKILL keeps the last periodic save: the same here)
        assertTrue(checkpoint.load().isPresent(), "a checkpoint was saved");
        calls.clear();

        // while it is away: a crashes with 3, s is stopped by a user (SIGTERM: 143), n is created and crashes, and
        // r crashes too; the engine's event buffer is overrun by health probes: only r's die is still there
        java.time.Instant finished = java.time.Instant.now();
        engine.history.clear();
        engine.containers.put("a", exited("a", 3, finished));
        engine.containers.put("s", exited("s", 143, finished));
        engine.containers.put("n", exited("n", 2, finished));
        engine.containers.put("r", exited("r", 3, finished));
        engine.history.add(new io.dockmedic.docker.EngineEvent("r", "die", java.util.Map.of("exitCode", "3"),
                nanos(finished) + 1_000_000L));

        start(checkpoint);
        await("a's crash diagnosed", () -> count("failing a die") == 1);
        await("n's crash diagnosed", () -> count("failing n die") == 1);
        await("r's crash diagnosed", () -> count("failing r die") == 1);
        // a later reconcile (a reconnect) diagnoses none of them again
        engine.cut();
        engine.up();
        await("reconnected", () -> count("reconnected") == 1);
        Thread.sleep(300);
        assertEquals(1, failing("a"), calls.toString());
        assertEquals(1, failing("n"), calls.toString());
        assertEquals(1, failing("r"), calls.toString());
        assertEquals(0, failing("s"), "a docker stop (143) is no crash: " + calls);
        assertEquals(0, failing("old"), "an exit before the checkpoint is not diagnosed: " + calls);
    }

    /** At a start after a checkpoint, the inspect of a container that crashed meanwhile fails; the stream stays up. */
    @Test
    void aCrashWhileAwayWhoseInspectFailedIsLookedAtAgainWhileTheStreamStaysUp() throws Exception {
        MemoryCheckpoint checkpoint = new MemoryCheckpoint();
        engine.containers.put("a", FakeEngine.container("a", Health.HEALTHY, true));
        start(checkpoint);
        await("a known", () -> count("health a healthy") == 1);
        watcher.close();
        calls.clear();
        engine.history.clear();
        engine.containers.put("a", exited("a", 3, java.time.Instant.now()));
        engine.inspectFails = true;
        watcher = new Watcher(engine, listener, 64, 2, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ZERO,
                Duration.ofMillis(100), checkpoint);
        watcher.start();
        await("stream up", () -> count("stream up") == 1);
        Thread.sleep(300);
        engine.inspectFails = false;
        await("a's crash diagnosed without a reconnect", () -> count("failing a die") == 1);
        Thread.sleep(300);
        assertEquals(1, failing("a"), calls.toString());
        assertEquals(1, count("stream up"), "no reconnect: " + calls);
    }

    @Test
    void withoutACheckpointOldExitsAreNotDiagnosed() throws Exception {
        MemoryCheckpoint checkpoint = new MemoryCheckpoint();
        engine.containers.put("a", exited("a", 3, java.time.Instant.now()));
        start(checkpoint);
        await("start-up reconcile", () -> count("projects reconcile") == 1);
        Thread.sleep(300);
        assertEquals(0, failing("a"), calls.toString());
    }

    @Test
    void anOomKillWhileTheAgentWasDeadIsDiagnosedAsOom() throws Exception {
        MemoryCheckpoint checkpoint = new MemoryCheckpoint();
        checkpoint.save(now() - Duration.ofMinutes(1).toNanos());
        java.time.Instant finished = java.time.Instant.now();
        engine.containers.put("o", new ContainerInfo("o", "c-o", "img", java.util.Map.of("com.docker.compose.project", "p"),
                java.util.Map.of(), false, false, "exited", Health.NONE, List.of(), 137, true, 0, finished.minusSeconds(5), finished));
        start(checkpoint);
        await("o's OOM kill diagnosed", () -> count("failing o oom") == 1);
    }

    @Test
    void anOomWithoutADieIsDiagnosedAndOneWithItsDieOnlyAsTheDie() throws Exception {
        engine.containers.put("a", FakeEngine.container("a", Health.NONE, true));
        engine.containers.put("b", FakeEngine.container("b", Health.NONE, true));
        start();
        await("subscribed", () -> !engine.live.isEmpty());
        long t = now();
        // b: its main process is killed: the engine says oom, then die with OOMKilled
        engine.emit("b", "oom", t);
        engine.containers.put("b", new ContainerInfo("b", "c-b", "img", java.util.Map.of(), java.util.Map.of(), false,
                false, "exited", Health.NONE, List.of(), 137, true, 0, java.time.Instant.now().minusSeconds(5),
                java.time.Instant.now()));
        engine.history.add(new io.dockmedic.docker.EngineEvent("b", "die", java.util.Map.of("exitCode", "137"), t + 1));
        engine.live.forEach(sub -> sub.onEvent(engine.history.get(engine.history.size() - 1)));
        Thread.sleep(100);
        // a: a child process is killed, the container lives on: an oom and no die
        engine.emit("a", "oom", t + 2);
        await("a's oom diagnosed", () -> count("failing a " + Trigger.OOM_NO_DIE) == 1);
        assertEquals(1, count("failing b oom"), calls.toString());
        assertEquals(0, count("failing b " + Trigger.OOM_NO_DIE), calls.toString());
    }

    /** The inspect that decides an oom without a die fails (a stalled engine): it is made again, not dropped. */
    @Test
    void anOomWithoutADieWhoseInspectFailedIsLookedAtAgain() throws Exception {
        engine.containers.put("a", FakeEngine.container("a", Health.NONE, true));
        start();
        await("subscribed", () -> !engine.live.isEmpty());
        engine.inspectFails = true;
        engine.emit("a", "oom", now());
        Thread.sleep(OomWithoutDie.OOM_TO_DIE.toMillis() + 500);
        engine.inspectFails = false;
        await("a's oom diagnosed", () -> count("failing a " + Trigger.OOM_NO_DIE) == 1);
        Thread.sleep(300);
        assertEquals(1, failing("a"), calls.toString());
    }

    @Test
    void aStartIsReportedWithItsInspect() throws Exception {
        engine.containers.put("a", FakeEngine.container("a", Health.NONE, true));
        start();
        await("subscribed", () -> !engine.live.isEmpty());
        engine.emit("a", "start", now());
        await("started", () -> count("started a") == 1);
    }

    @Test
    void anOomKillIsAnOomEvenWhenTheRestartResetTheFlagBeforeTheInspect() throws Exception {
        engine.containers.put("c", FakeEngine.container("c", Health.NONE, true));
        start();
        await("subscribed", () -> !engine.live.isEmpty());
        long t = now();
        engine.emit("c", "oom", t);
        // the restart policy started it again at once: running, OOMKilled false, the last exit's FinishedAt
        engine.containers.put("c", new ContainerInfo("c", "c-c", "img", java.util.Map.of(), java.util.Map.of(), true,
                false, "running", Health.NONE, List.of(), 0, false, 1, java.time.Instant.now(), java.time.Instant.now()));
        io.dockmedic.docker.EngineEvent die = new io.dockmedic.docker.EngineEvent("c", "die", java.util.Map.of("exitCode", "137"), t + 300_000_000L);
        engine.history.add(die);
        engine.live.forEach(sub -> sub.onEvent(die));
        await("c's exit diagnosed as an OOM kill", () -> count("failing c oom") == 1);
        assertEquals(0, count("failing c die"), calls.toString());
    }
}
