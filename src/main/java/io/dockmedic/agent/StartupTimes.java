package io.dockmedic.agent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the way to ready goes (issue 18): one DEBUG line on {@code dockmedic.startup} per step of the start, in
 * milliseconds since the JVM started ({@code -Ddockmedic.log.debug=dockmedic.startup}). The steps run on several
 * threads (engine client, HTTP server, main, watcher), so the lines say which one finished last.
 */
final class StartupTimes {
    private static final Logger log = LoggerFactory.getLogger("dockmedic.startup");

    private StartupTimes() {
    }

    static void mark(String step) {
        if (log.isDebugEnabled()) {
            // the JVM's own uptime, not the process's start instant: Linux gives that one from the boot time in
            // whole seconds, which put these lines up to a second off (only when debugging: it loads a few classes)
            log.debug("{}: {} ms after the JVM started ({})", step,
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime(), Thread.currentThread().getName());
        }
    }
}
