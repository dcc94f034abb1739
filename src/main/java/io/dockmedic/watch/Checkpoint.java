package io.dockmedic.watch;

import java.util.OptionalLong;

/**
 * Where the watcher keeps the engine time (epoch nanos) up to which it has seen and handled the
 * engine's events, so that a restarted agent (also after a SIGKILL) replays what it missed and
 * diagnoses the crashes that happened while it was not running.
 */
public interface Checkpoint {
    /** No checkpoint is kept: every start is a first start. */
    Checkpoint NONE = new Checkpoint() {
        @Override
        public OptionalLong load() {
            return OptionalLong.empty();
        }

        @Override
        public void save(long seenUntilNanos) {
        }
    };

    /** The saved time, empty on a first start (or when the saved one was unusable). */
    OptionalLong load();

    /** Saves the time; must not throw for a full disk (log and keep going: the next save tries again). */
    void save(long seenUntilNanos);
}
