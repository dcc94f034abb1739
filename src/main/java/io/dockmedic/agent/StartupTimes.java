package io.dockmedic.agent;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the way to ready goes (issue 18): one DEBUG line on {@code dockmedic.startup} per step of the start, in
 * milliseconds since the process started ({@code -Ddockmedic.log.debug=dockmedic.startup}). The steps run on several
 * threads (engine client, HTTP server, main, watcher), so the lines say which one finished last.
 */
final class StartupTimes {
    private static final Logger log = LoggerFactory.getLogger("dockmedic.startup");

    private StartupTimes() {
    }

    static void mark(String step) {
        if (log.isDebugEnabled()) {
            long start = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
            log.debug("{}: {} ms after the process started ({})", step,
                    start == 0 ? -1 : System.currentTimeMillis() - start, Thread.currentThread().getName());
        }
    }
}
