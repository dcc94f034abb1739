package io.dockmedic.evidence;

import io.dockmedic.state.Health;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds containers whose health keeps changing: more than {@code transitions} changes between healthy
 * and unhealthy within {@code window} (starting and none are not a side). Times are engine times given
 * by the caller; thread-safe, one lock per container.
 */
public final class Flaps {
    /** The health values that are a side of a flap; anything else is ignored. */
    public enum Side {
        HEALTHY, UNHEALTHY;

        /** The side of a health, or null for starting and none. */
        public static Side of(Health status) {
            return switch (status) {
                case HEALTHY -> HEALTHY;
                case UNHEALTHY -> UNHEALTHY;
                case STARTING, NONE -> null;
            };
        }
    }

    private static final class Changes {
        final Deque<Instant> times = new ArrayDeque<>();
        Side side;
    }

    private final int transitions;
    private final Duration window;
    private final Map<String, Changes> changes = new ConcurrentHashMap<>();

    /** @param transitions more changes than this within the window are flapping (at least 1) */
    public Flaps(int transitions, Duration window) {
        if (transitions < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("flapping needs at least 1 transition in a positive window");
        }
        this.transitions = transitions;
        this.window = window;
    }

    /** The container's health is now {@code side} (null: not a side, ignored); returns the flapping if it is. */
    public Optional<Pattern.Flapping> health(String containerId, Side side, Instant at) {
        if (side == null) {
            return current(containerId, at);
        }
        Changes c = changes.computeIfAbsent(containerId, k -> new Changes());
        synchronized (c) {
            if (c.side != null && c.side != side) {
                c.times.addLast(at);
            }
            c.side = side;
            return flapping(c, at);
        }
    }

    /** The container's flapping if it still holds at {@code now}. */
    public Optional<Pattern.Flapping> current(String containerId, Instant now) {
        Changes c = changes.get(containerId);
        if (c == null) {
            return Optional.empty();
        }
        synchronized (c) {
            return flapping(c, now);
        }
    }

    public void forget(String containerId) {
        changes.remove(containerId);
    }

    private Optional<Pattern.Flapping> flapping(Changes c, Instant now) {
        Instant from = now.minus(window);
        while (!c.times.isEmpty() && c.times.peekFirst().isBefore(from)) {
            c.times.removeFirst();
        }
        return c.times.size() > transitions ? Optional.of(new Pattern.Flapping(c.times.size(), window))
                : Optional.empty();
    }
}
