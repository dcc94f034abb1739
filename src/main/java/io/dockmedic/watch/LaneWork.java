package io.dockmedic.watch;

import io.dockmedic.docker.EngineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A container's work on its lane whose engine failures are logged (the next event, reconcile or refresh retries). */
final class LaneWork {
    private static final Logger log = LoggerFactory.getLogger(LaneWork.class);

    interface Work {
        void run() throws EngineException;
    }

    private LaneWork() {
    }

    static Runnable guarded(String id, Work work) {
        return guarded(id, work, null);
    }

    /** @param again called when the engine failed (the work is to be done again), or null */
    static Runnable guarded(String id, Work work, Runnable again) {
        return () -> {
            try {
                work.run();
            } catch (EngineException e) {
                if (again != null) {
                    again.run();
                }
                log.warn("container {}: {}{}", shortId(id), e.getMessage(), again != null ? " (done again)" : "");
            } catch (RuntimeException e) {
                log.error("container {}: unexpected error", id, e);
            }
        };
    }

    /** The 12 characters of an id that {@code docker ps} shows. */
    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
