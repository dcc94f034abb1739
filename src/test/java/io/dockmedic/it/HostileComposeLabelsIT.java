package io.dockmedic.it;

import static io.dockmedic.it.AgentHarness.atLeast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whoever can create a container chooses its labels, and with {@code
 * com.docker.compose.project.config_files} a file on the agent's host that the agent reads when the
 * container fails: /dev/zero (never ends), a FIFO (open blocks until a writer comes), a huge file and
 * a symbolic link. On the real engine, with only 2 workers: every such container is still
 * diagnosed (from its labels), each file is warned about once, and a normal unhealthy container
 * started afterwards is diagnosed in time: no worker was lost or blocked.
 */
class HostileComposeLabelsIT {

    @Test
    void filesNamedByLabelsNeverStopTheWorkers() throws Exception {
        Path dir = Files.createTempDirectory("lanes-hostile");
        Path fifo = dir.resolve("fifo.yml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Path fifo2 = dir.resolve("fifo2.yml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo2.toString()).start().waitFor());
        Path huge = dir.resolve("huge.yml");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(64L << 20); // sparse
        }
        Path link = Files.createSymbolicLink(dir.resolve("link.yml"), Path.of("/dev/zero"));
        Map<String, String> files = new LinkedHashMap<>();
        files.put("fifo", fifo.toString());
        files.put("fifo2", fifo2.toString());
        files.put("zero", "/dev/zero");
        files.put("huge", huge.toString());
        files.put("link", link.toString());

        try (TestDocker docker = new TestDocker();
             AgentHarness agent = new AgentHarness(TestDocker.engineHost(), Map.of("watch.workers", "2"))) {
            List<String> hostile = new ArrayList<>();
            for (var e : files.entrySet()) {
                String name = "lanes-" + docker.name(e.getKey());
                hostile.add(name);
                String id = docker.start(new TestDocker.Spec(name).compose(name, e.getKey())
                        .label("com.docker.compose.project.config_files", e.getValue())
                        .label("com.docker.compose.project.working_dir", dir.toString()));
                docker.awaitHealth(id, "unhealthy", Duration.ofSeconds(20));
            }
            for (String name : hostile) {
                agent.await(Duration.ofSeconds(20), "hostile " + name + " diagnosed from its labels",
                        atLeast(1, "dockmedic_active_diagnosis", "container=\"" + name + "\""));
            }

            String normal = "lanes-" + docker.name("normal");
            String id = docker.start(new TestDocker.Spec(normal).compose("lanes-" + docker.name("np"), "app").lines(List.of(TestDocker.DB_LINE)));
            docker.awaitHealth(id, "unhealthy", Duration.ofSeconds(20));
            agent.await(Duration.ofSeconds(15), "the normal container diagnosed in time",
                    atLeast(1, "dockmedic_active_diagnosis", "container=\"" + normal + "\"", "rule=\"postgres-auth-failed\""));

            Thread.sleep(2500); // a refresh tick and a project check read the files again: still one warning each
            String logs = AgentHarness.logs();
            for (var e : files.entrySet()) {
                long warnings = logs.lines().filter(l -> l.contains("compose file " + e.getValue() + " (label com.docker.compose.project.config_files)")).count();
                assertEquals(1, warnings, "one warning for " + e.getValue() + ":\n" + logs);
            }
            assertTrue(logs.contains("compose file " + link + " (label com.docker.compose.project.config_files) of project "
                    + hostile.get(4) + ": is a symbolic link"), logs);
            assertTrue(logs.contains("compose file /dev/zero (label com.docker.compose.project.config_files) of project "
                    + hostile.get(2) + ": is not a regular file"), logs);
        }
    }
}
