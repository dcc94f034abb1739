package io.dockmedic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.docker.DockerJavaEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading a container's logs on the real engine: stdout and stderr both, in order, on the engine call's own
 * thread (docker-java's log command started one more thread per read: RSS and a context switch each).
 */
class EngineLogsIT {

    @Test
    void readsStdoutAndStderrWithoutStartingAThreadPerRead() throws Exception {
        try (TestDocker docker = new TestDocker(); DockerJavaEngine engine = new DockerJavaEngine(docker.host())) {
            String id = docker.start(new TestDocker.Spec(docker.name("logs")).noHealthcheck()
                    .lines(List.of("starting", "connecting to postgres"))
                    // the engine copies stdout and stderr on two goroutines: lines written a moment apart on the
                    // two streams may be stored in either order, so the stderr line waits a second
                    .onStart("/bin/busybox sleep 1; echo 'FATAL:  password authentication failed for user \"app\"' >&2"));
            try {
                List<String> lines = List.of();
                for (int i = 0; i < 50 && lines.size() < 3; i++) {
                    lines = engine.logs(id, 0, 100);
                    Thread.sleep(100);
                }
                assertEquals(List.of("starting", "connecting to postgres",
                        "FATAL:  password authentication failed for user \"app\""), lines);
                assertEquals(List.of("FATAL:  password authentication failed for user \"app\""), engine.logs(id, 0, 1));

                for (int i = 0; i < 20; i++) {
                    engine.inspect(id); // the engine-call pool keeps up to 16 threads: start them all first
                }
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                long started = threads.getTotalStartedThreadCount();
                int reads = 10;
                for (int i = 0; i < reads; i++) {
                    engine.logs(id, 0, 100);
                }
                long more = threads.getTotalStartedThreadCount() - started;
                assertTrue(more < reads, more + " threads started for " + reads + " log reads");
                assertEquals(List.of(), engine.logs(docker.name("never-created"), 0, 100));
            } finally {
                docker.remove(id);
            }
        }
    }
}
