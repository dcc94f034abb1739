package io.dockmedic.watch;

import io.dockmedic.journal.StateDir;
import io.dockmedic.journal.StateFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event checkpoint in the state directory ({@value #FILE}), written atomically through {@link StateFile}: a
 * SIGKILL leaves the previous or the new one, never half of one. An unusable file is set aside and the agent starts
 * as on its first start (crashes while it was down are then not diagnosed).
 */
public final class FileCheckpoint implements Checkpoint {
    private static final Logger log = LoggerFactory.getLogger(FileCheckpoint.class);
    public static final String FILE = "watch-checkpoint.json";

    /** What is saved: the engine time (epoch nanos) up to which events were seen. */
    public record Saved(long seenUntilNanos) {
        public Saved {
            if (seenUntilNanos <= 0) {
                throw new IllegalArgumentException("seenUntilNanos: must be positive");
            }
        }
    }

    private final StateFile<Saved> file;
    private final Clock clock;
    private boolean failing;

    public FileCheckpoint(StateDir dir, Clock clock) {
        this.file = new StateFile<>(dir.resolve(FILE), Saved.class, dir::trustedOwner);
        this.clock = clock;
    }

    @Override
    public OptionalLong load() {
        try {
            return file.loadOrSetAside(clock, "crashes while the agent was not running are not diagnosed this time")
                    .map(s -> OptionalLong.of(s.seenUntilNanos())).orElse(OptionalLong.empty());
        } catch (IOException e) {
            log.warn("cannot read the event checkpoint {}: {}; crashes while the agent was not running are not "
                    + "diagnosed this time", file.path(), e.getMessage());
            return OptionalLong.empty();
        }
    }

    @Override
    public synchronized void save(long seenUntilNanos) {
        try {
            file.save(new Saved(seenUntilNanos));
            if (failing) {
                log.info("event checkpoint {} saved again", file.path());
            }
            failing = false;
        } catch (UncheckedIOException e) {
            if (!failing) { // once, not every few seconds while the disk is full
                log.warn("cannot save the event checkpoint: {}", e.getMessage());
            }
            failing = true;
        }
    }
}
