package io.dockmedic.evidence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds containers that keep dying and being restarted: at least {@code exits} exits within
 * {@code window}, whatever the exit codes (a restart policy of {@code always} restarts an exit 0
 * too), with or without a healthcheck. Also tells how many restarts the engine made since the last
 * look (its RestartCount counts only policy restarts). Times are engine times given by the caller;
 * thread-safe, one lock per container.
 */
public final class CrashLoops {
    private static final class Runs {
        final Deque<Exit> exits = new ArrayDeque<>();
        /** The highest restart count any inspect showed (for the pattern). */
        int restartCount = -1;
        /**
         * The restart count up to which {@link #started} has counted restarts. Apart from {@link #restartCount}: the
         * inspect behind a die can come after the engine already restarted the container, and that restart is
         * still to be counted at its start.
         */
        int counted = -1;
    }

    private final int exits;
    private final Duration window;
    private final Map<String, Runs> runs = new ConcurrentHashMap<>();

    /** @param exits exits within the window that make a crash loop (at least 2) */
    public CrashLoops(int exits, Duration window) {
        if (exits < 2 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a crash loop needs at least 2 exits in a positive window");
        }
        this.exits = exits;
        this.window = window;
    }

    /** The container exited (once per exit: the same FinishedAt again is ignored); returns the loop if it is one. */
    public Optional<Pattern.CrashLoop> exited(String containerId, Exit exit, int restartCount) {
        Runs r = runs.computeIfAbsent(containerId, k -> new Runs());
        synchronized (r) {
            boolean known = r.exits.stream().anyMatch(e -> e.finishedAt().equals(exit.finishedAt()));
            if (!known) {
                r.exits.addLast(exit);
            }
            r.restartCount = Math.max(r.restartCount, restartCount);
            return loop(r, exit.finishedAt());
        }
    }

    /** The container's crash loop if it still holds at {@code now} (enough exits within the window before it). */
    public Optional<Pattern.CrashLoop> current(String containerId, Instant now) {
        Runs r = runs.get(containerId);
        if (r == null) {
            return Optional.empty();
        }
        synchronized (r) {
            return loop(r, now);
        }
    }

    /**
     * The container started (a start event) with this restart count: how many restarts by the engine that
     * makes since the last look. A container first seen at a start with a count above 0 was restarted once
     * just now (earlier ones happened before we watched).
     */
    public int started(String containerId, int restartCount) {
        Runs r = runs.computeIfAbsent(containerId, k -> new Runs());
        synchronized (r) {
            int before = r.counted;
            r.counted = Math.max(before, restartCount);
            r.restartCount = Math.max(r.restartCount, restartCount);
            if (before < 0) {
                return restartCount > 0 ? 1 : 0;
            }
            return Math.max(0, restartCount - before);
        }
    }

    public void forget(String containerId) {
        runs.remove(containerId);
    }

    private Optional<Pattern.CrashLoop> loop(Runs r, Instant now) {
        Instant from = now.minus(window);
        while (!r.exits.isEmpty() && r.exits.peekFirst().finishedAt().isBefore(from)) {
            r.exits.removeFirst();
        }
        if (r.exits.size() < exits) {
            return Optional.empty();
        }
        return Optional.of(new Pattern.CrashLoop(new ArrayList<>(r.exits), Math.max(0, r.restartCount), window));
    }
}
