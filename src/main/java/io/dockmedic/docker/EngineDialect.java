package io.dockmedic.docker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which engine serves the Docker API, and how its container events differ from Docker's. The
 * watcher sees Docker-shaped events only: {@link #normalise} turns the dialect's events into them.
 *
 * <p>Podman (4.3, API 1.41) differs: {@code remove} instead of {@code destroy}; a stop gives
 * {@code die} and {@code cleanup}, never {@code kill}; its event filter matches a die only as {@code died}; the exit code is in {@code containerExitCode};
 * {@code health_status} carries no status in the action (and the status it carries elsewhere is
 * stale right after a start, so the watcher inspects); a replay bounded by {@code until} returns
 * almost nothing.
 */
public enum EngineDialect {
    DOCKER,
    PODMAN;

    /** The component name Podman's {@code /version} reports. */
    private static final String PODMAN_COMPONENT = "Podman Engine";
    /**
     * Exit codes of a process ended by SIGTERM, SIGINT or SIGKILL: what a stop gives (SIGKILL when the
     * process ignores SIGTERM, as a shell as PID 1 does). An OOM kill is still told by inspect's OOMKilled.
     */
    private static final List<Integer> ASKED_EXITS = List.of(143, 130, 137);

    /** The dialect of an engine whose {@code /version} lists these component names. */
    public static EngineDialect of(List<String> versionComponents) {
        return versionComponents.contains(PODMAN_COMPONENT) ? PODMAN : DOCKER;
    }

    /** The event actions to subscribe to, in this dialect's spelling. */
    public List<String> watchedActions() {
        if (this == DOCKER) {
            return Engine.WATCHED_ACTIONS;
        }
        List<String> actions = new ArrayList<>(Engine.WATCHED_ACTIONS);
        actions.add("remove");
        actions.add("died"); // Podman's filter knows a die by its own name (its output says die)
        return List.copyOf(actions);
    }

    /** Whether {@code events(since, until)} replays what happened in between (Podman's returns almost nothing). */
    public boolean finiteReplay() {
        return this == DOCKER;
    }

    /** The Docker-shaped events one event of this dialect stands for (none, one, or a kill before a die). */
    public List<EngineEvent> normalise(EngineEvent e) {
        if (this == DOCKER) {
            return List.of(e);
        }
        return switch (e.kind()) {
            case "remove" -> List.of(new EngineEvent(e.id(), "destroy", e.attributes(), e.timeNanos()));
            case "die" -> podmanDie(e);
            default -> List.of(e);
        };
    }

    private static List<EngineEvent> podmanDie(EngineEvent e) {
        Map<String, String> attrs = new HashMap<>(e.attributes());
        String code = attrs.get("containerExitCode");
        if (code != null) {
            attrs.putIfAbsent("exitCode", code);
        }
        EngineEvent die = new EngineEvent(e.id(), "die", attrs, e.timeNanos());
        if (die.exitCode() != null && ASKED_EXITS.contains(die.exitCode())) {
            // Docker announces a stop with kill; Podman does not, so the signal's exit code stands for it
            return List.of(new EngineEvent(e.id(), "kill", attrs, e.timeNanos() - 1), die);
        }
        return List.of(die);
    }
}
