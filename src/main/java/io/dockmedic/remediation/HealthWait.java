package io.dockmedic.remediation;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineException;
import io.dockmedic.state.Health;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code wait-healthy} step: polls the container until the first decisive sign. Healthy (or
 * running, without a healthcheck) succeeds. It fails at once when the container is gone, exited
 * (OOM-killed or not), or, once restarted by the playbook, reports {@code unhealthy} again: the
 * engine resets health to {@code starting} at every start and says {@code unhealthy} only after the
 * start period and the retries, so that is the container's own verdict, and waiting out the timeout
 * would only delay the next attempt (budget x (time to fail + back-off) bounds the time to an open
 * breaker). A container the playbook did not restart (another service was, or a command ran) may
 * recover without a start: for it only healthy or the timeout decide.
 */
final class HealthWait {

    /** Time as the wait sees it; a test passes one that moves only when the wait sleeps. */
    interface Ticker {
        long nanoTime();

        void sleep(Duration d) throws InterruptedException;

        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration d) throws InterruptedException {
                Thread.sleep(d.toMillis());
            }
        };
    }

    static final Duration POLL = Duration.ofMillis(250);

    private final Engine engine;
    private final Ticker ticker;

    HealthWait(Engine engine, Ticker ticker) {
        this.engine = engine;
        this.ticker = ticker;
    }

    /**
     * @param startedBefore when the container had last started before the playbook ran (null if unknown: then only healthy, an exit or the timeout decide):
     *                      a later start means the playbook restarted it
     * @return empty when healthy, else why not
     */
    Optional<RunResult.StepFailure> await(String id, Instant startedBefore, Duration timeout)
            throws EngineException, InterruptedException {
        long deadline = ticker.nanoTime() + timeout.toNanos();
        String last = "gone";
        while (ticker.nanoTime() < deadline) {
            Optional<ContainerInfo> i = engine.inspect(id);
            if (i.isEmpty()) {
                return fail(RunResult.Failure.GONE, "container gone");
            }
            ContainerInfo ci = i.get();
            if (!ci.restarting()) {
                if (ci.running() && (ci.healthStatus() == Health.HEALTHY || !ci.hasHealthcheck())) {
                    return Optional.empty();
                }
                Optional<RunResult.StepFailure> decisive = decisive(ci, startedBefore);
                if (decisive.isPresent()) {
                    return decisive;
                }
            }
            last = ci.restarting() ? "restarting" : ci.healthStatus().wire();
            ticker.sleep(POLL);
        }
        return fail(RunResult.Failure.TIMED_OUT, "not healthy within " + timeout.toMillis() + " ms (last: " + last + ")");
    }

    private static Optional<RunResult.StepFailure> decisive(ContainerInfo ci, Instant startedBefore) {
        if (!ci.running()) {
            return ci.oomKilled()
                    ? fail(RunResult.Failure.OOM_KILLED, "OOM-killed (exit code " + ci.exitCode() + ")")
                    : fail(RunResult.Failure.DIED, "exited with code " + ci.exitCode());
        }
        boolean restarted = ci.startedAt() != null && startedBefore != null && ci.startedAt().isAfter(startedBefore);
        if (restarted && ci.healthStatus() == Health.UNHEALTHY) {
            return fail(RunResult.Failure.UNHEALTHY_AGAIN, "unhealthy again after its restart at " + ci.startedAt());
        }
        return Optional.empty();
    }

    private static Optional<RunResult.StepFailure> fail(RunResult.Failure f, String detail) {
        return Optional.of(new RunResult.StepFailure(f, detail));
    }
}
