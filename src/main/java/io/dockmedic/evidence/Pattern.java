package io.dockmedic.evidence;

import java.time.Duration;
import java.util.List;

/**
 * A pattern in time that a single look at a container does not show: it keeps restarting, or its health
 * keeps changing. A report carries it beside its diagnoses (whose category stays the cause found in the
 * logs); {@link #id()} is the contract's spelling ({@code pattern} in JSON).
 */
public sealed interface Pattern permits Pattern.CrashLoop, Pattern.Flapping {

    String id();

    /**
     * The container exited at least the configured number of times within the window and was restarted
     * each time (restart policy).
     *
     * @param exits    the exits in the window, oldest first
     * @param restarts the engine's restart count at the last exit
     * @param window   the window the exits fell in
     */
    record CrashLoop(List<Exit> exits, int restarts, Duration window) implements Pattern {
        public CrashLoop {
            exits = List.copyOf(exits);
        }

        @Override
        public String id() {
            return "crash-loop";
        }

        /** What the exits have in common, with the contract's spelling. */
        public enum Cause {
            /**
             * Every exit was a SIGKILL and at least one an OOM kill: it dies when memory runs short (its limit,
             * or the host's). Not every one needs OOMKilled: the engine sometimes reports a memory kill without it.
             */
            MEMORY("memory"),
            /** Every exit was SIGKILL without OOMKilled: something other than the memory limit kills it. */
            KILLED("killed"),
            /** The process itself fails (error exits, other signals, or a mix). */
            EXITS("exits");

            private final String id;

            Cause(String id) {
                this.id = id;
            }

            public String id() {
                return id;
            }
        }

        public Cause cause() {
            if (!exits.isEmpty() && exits.stream().anyMatch(e -> e.kind() == Exit.Kind.OOM_KILLED)
                    && exits.stream().allMatch(e -> e.kind() == Exit.Kind.OOM_KILLED || e.kind() == Exit.Kind.KILLED)) {
                return Cause.MEMORY;
            }
            if (!exits.isEmpty() && exits.stream().allMatch(e -> e.kind() == Exit.Kind.KILLED)) {
                return Cause.KILLED;
            }
            return Cause.EXITS;
        }

        public List<Integer> exitCodes() {
            return exits.stream().map(Exit::code).toList();
        }
    }

    /**
     * The container's health changed between healthy and unhealthy more than the configured number of
     * times within the window. Remediation leaves it alone: a restart would only hide it.
     *
     * @param transitions changes counted in the window
     * @param window      the window
     */
    record Flapping(int transitions, Duration window) implements Pattern {
        @Override
        public String id() {
            return "flapping";
        }
    }
}
