package io.dockmedic.remediation;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineException;
import io.dockmedic.docker.Labels;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Runs a playbook's steps in order against the engine; the first failing step ends the run. It
 * decides nothing about whether to run (that is {@link DecisionPolicy} and {@link Envelope}) and
 * records nothing (that is the {@link Remediator}'s recorder).
 */
final class PlaybookRunner {

    /** Sends a playbook's webhook/notify-only step: to {@code url}, or the configured webhook when null. */
    interface StepNotifier {
        void notifyStep(URI url, Candidate c, Playbook pb);
    }

    private final Engine engine;
    private final HealthWait healthWait;
    private final StepNotifier notifier;

    PlaybookRunner(Engine engine, HealthWait healthWait, StepNotifier notifier) {
        this.engine = engine;
        this.healthWait = healthWait;
        this.notifier = notifier;
    }

    /** Runs the steps on the container as inspected at the decision ({@code info}). */
    RunResult run(Playbook pb, ContainerInfo info, Candidate c) {
        for (Playbook.Step s : pb.steps()) {
            Optional<RunResult.StepFailure> failed;
            try {
                failed = step(s, pb, info, c);
            } catch (EngineException e) {
                failed = Optional.of(new RunResult.StepFailure(RunResult.Failure.ENGINE_ERROR, e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed = Optional.of(new RunResult.StepFailure(RunResult.Failure.INTERRUPTED, "interrupted (agent stopping)"));
            }
            if (failed.isPresent()) {
                return new RunResult.Failed(s.kind(), failed.get().failure(), failed.get().detail());
            }
        }
        return RunResult.OK;
    }

    private Optional<RunResult.StepFailure> step(Playbook.Step s, Playbook pb, ContainerInfo info, Candidate c)
            throws EngineException, InterruptedException {
        switch (s.kind()) {
            case RESTART:
                return restart(s, info);
            case RESTART_DEPENDENTS:
                for (ContainerInfo t : project(info.project(), t -> dependsOn(t, info.service()))) {
                    engine.restart(t.id(), seconds(s.timeout()));
                }
                return Optional.empty();
            case WAIT_HEALTHY:
                return healthWait.await(info.id(), info.startedAt(), s.timeout());
            case EXEC:
                int code = engine.exec(info.id(), s.command(), s.timeout());
                return code == 0 ? Optional.empty() : Optional.of(new RunResult.StepFailure(RunResult.Failure.EXEC_FAILED,
                        "exec " + s.command().get(0) + " exited with code " + code));
            case STOP:
                engine.stop(info.id(), seconds(s.timeout()));
                return Optional.empty();
            case WEBHOOK:
            case NOTIFY_ONLY:
                notifier.notifyStep(s.url(), c, pb);
                return Optional.empty();
            default:
                throw new IllegalStateException("step kind without a runner: " + s.kind());
        }
    }

    private Optional<RunResult.StepFailure> restart(Playbook.Step s, ContainerInfo info) throws EngineException {
        if (s.service() == null) {
            engine.restart(info.id(), seconds(s.timeout()));
            return Optional.empty();
        }
        List<ContainerInfo> targets = project(info.project(), t -> s.service().equals(t.service()));
        if (targets.isEmpty()) {
            return Optional.of(new RunResult.StepFailure(RunResult.Failure.NO_TARGET,
                    "no running container of service " + s.service() + " in project " + info.project()));
        }
        for (ContainerInfo t : targets) {
            engine.restart(t.id(), seconds(s.timeout()));
        }
        return Optional.empty();
    }

    /** Compose writes depends_on as {@code svc:condition:restart,svc2:...}. */
    static boolean dependsOn(ContainerInfo c, String service) {
        for (String entry : c.labels().getOrDefault(Labels.DEPENDS_ON, "").split(",")) {
            if (!service.isEmpty() && entry.strip().split(":")[0].equals(service)) {
                return true;
            }
        }
        return false;
    }

    private List<ContainerInfo> project(String project, Predicate<ContainerInfo> which) throws EngineException {
        List<ContainerInfo> out = new ArrayList<>();
        if (project.isEmpty()) {
            return out;
        }
        for (String id : engine.runningContainerIds()) {
            engine.inspect(id).filter(i -> project.equals(i.project()) && which.test(i)).ifPresent(out::add);
        }
        return out;
    }

    private static int seconds(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toSeconds()));
    }
}
