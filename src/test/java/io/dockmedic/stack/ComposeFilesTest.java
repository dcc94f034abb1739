package io.dockmedic.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.EngineException;
import io.dockmedic.evidence.Facts;
import io.dockmedic.evidence.StackProbe;
import io.dockmedic.state.Health;
import io.dockmedic.watch.FakeEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The stack model's fallback to the compose files when Compose wrote no depends_on label (Compose v1). */
class ComposeFilesTest {
    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ComposeFiles.class);

    @BeforeEach
    void capture() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logs);
    }

    private List<String> warnings() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** A container as Compose v1 labels it: config files and working dir, no depends_on. */
    private static ContainerInfo v1(String service, String configFiles, String workingDir, boolean running) {
        Map<String, String> labels = new HashMap<>(Map.of("com.docker.compose.project", "shop",
                "com.docker.compose.service", service, "com.docker.compose.project.config_files", configFiles,
                "com.docker.compose.project.working_dir", workingDir));
        return new ContainerInfo("id-" + service, "shop_" + service + "_1", "img", labels, Map.of(), running, false,
                running ? "running" : "exited", running ? Health.UNHEALTHY : Health.NONE, List.of(), running ? null : 1, false, 0,
                Instant.now(), null);
    }

    private Stack read(ContainerInfo c, ComposeFiles files, ContainerInfo... others) throws EngineException {
        FakeEngine engine = new FakeEngine();
        engine.containers.put(c.id(), c);
        for (ContainerInfo o : others) {
            engine.containers.put(o.id(), o);
        }
        return Stack.read(engine, c, new InspectCache(Duration.ZERO), files);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void dependsOnAndNetworkModeComeFromTheFileWhenTheLabelIsMissing() throws Exception {
        write("docker-compose.yml", """
                services:
                  postgres: {image: postgres}
                  redis: {image: redis}
                  vpn: {image: wg}
                  app:
                    depends_on:
                      postgres:
                        condition: service_healthy
                    network_mode: service:vpn
                  prometheus:
                    depends_on: [app]
                """);
        ContainerInfo app = v1("app", "docker-compose.yml", dir.toString(), true);
        ContainerInfo prom = v1("prometheus", dir.resolve("docker-compose.yml").toString(), dir.toString(), true);
        ComposeFiles files = new ComposeFiles();
        Stack s = read(app, files, v1("postgres", "docker-compose.yml", dir.toString(), false));
        assertEquals(Set.of("postgres", "vpn"), s.dependenciesOf(app), "relative to the working dir, long form and network_mode");
        assertTrue(StackProbe.facts(app, s).contains(Facts.DEPENDENCY_DOWN), "the exited postgres is a dependency that is down");
        assertEquals(Set.of("app"), read(prom, files).dependenciesOf(prom), "short form, absolute path");
        assertTrue(warnings().isEmpty(), warnings().toString());
    }

    @Test
    void theLabelWinsWhenComposeWroteOne() throws Exception {
        write("c.yml", "services:\n  app:\n    depends_on: [postgres]\n  postgres: {}\n  redis: {}\n");
        Map<String, String> labels = new HashMap<>(v1("app", "c.yml", dir.toString(), true).labels());
        labels.put("com.docker.compose.depends_on", "redis:service_started:false");
        ContainerInfo app = new ContainerInfo("id-app", "shop-app-1", "img", labels, Map.of(), true, false, "running",
                Health.UNHEALTHY, List.of(), null, false, 0, Instant.now(), null);
        assertEquals(Set.of("redis"), read(app, new ComposeFiles()).dependenciesOf(app));
    }

    @Test
    void overrideFilesAreMergedInOrder() throws Exception {
        write("compose.yml", "services:\n  app:\n    depends_on: [postgres]\n  postgres: {}\n  redis: {}\n  worker: {}\n");
        write("compose.prod.yml", "services:\n  app:\n    depends_on:\n      redis: {condition: service_started}\n    network_mode: service:worker\n");
        ContainerInfo app = v1("app", "compose.yml,compose.prod.yml", dir.toString(), true);
        assertEquals(Set.of("postgres", "redis", "worker"), read(app, new ComposeFiles()).dependenciesOf(app));
    }

    @Test
    void anUnreadableOrInvalidFileMeansLabelsOnlyAndIsWarnedOncePerFile() throws Exception {
        write("broken.yml", "services:\n  app: [unclosed\n");
        write("ok.yml", "services:\n  app:\n    depends_on: [postgres]\n");
        ComposeFiles files = new ComposeFiles();
        ContainerInfo missing = v1("app", dir.resolve("gone.yml") + "," + dir.resolve("ok.yml"), dir.toString(), true);
        ContainerInfo broken = v1("app", "broken.yml", dir.toString(), true);
        for (int i = 0; i < 3; i++) {
            assertEquals(Set.of(), read(missing, files).dependenciesOf(missing), "one file of the set unreadable: labels only");
            assertEquals(Set.of(), read(broken, files).dependenciesOf(broken));
        }
        assertEquals(2, warnings().size(), warnings().toString());
        assertTrue(warnings().get(0).contains("gone.yml") && warnings().get(0).contains("does not exist"), warnings().get(0));
        assertTrue(warnings().get(1).contains("broken.yml") && warnings().get(1).contains("invalid YAML"), warnings().get(1));

        write("broken.yml", "services:\n  app:\n    depends_on: [postgres]\n");
        assertEquals(Set.of("postgres"), read(broken, files).dependenciesOf(broken), "a changed file is parsed again");
        assertEquals(2, warnings().size());
    }

    @Test
    void aChangedFileIsParsedAgainAndAnUnchangedOneIsNot() throws Exception {
        Path f = write("c.yml", "services:\n  app:\n    depends_on: [postgres]\n");
        ComposeFiles files = new ComposeFiles();
        Map<String, String> labels = v1("app", f.toString(), "", true).labels();
        var first = files.project(labels).orElseThrow();
        assertSame(first.services().get("app"), files.project(labels).orElseThrow().services().get("app"),
                "same path, mtime and size: the parsed file is reused");
        write("c.yml", "services:\n  app:\n    depends_on: [postgres, redis]\n");
        assertEquals(Set.of("postgres", "redis"), files.project(labels).orElseThrow().dependencies("app"));
        assertFalse(files.project(Map.of("com.docker.compose.project", "shop")).isPresent(), "no config_files label: no files");
    }

    /** Reads the labels' project within a bound: today's code blocks forever on a FIFO and eats memory on /dev/zero. */
    private static java.util.Optional<io.dockmedic.compose.ComposeProject> bounded(ComposeFiles files, Map<String, String> labels) {
        return assertTimeoutPreemptively(Duration.ofSeconds(15), () -> files.project(labels));
    }

    @Test
    void aFileNamedByALabelIsReadOnlyWhenItIsARegularFileNotALinkAndSmall() throws Exception {
        Path ok = write("ok.yml", "services:\n  app:\n    depends_on: [postgres]\n");
        Path fifo = dir.resolve("fifo.yml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Path huge = dir.resolve("huge.yml");
        try (var f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(ComposeFiles.MAX_BYTES + 1); // sparse
        }
        Path linkToOk = Files.createSymbolicLink(dir.resolve("link-ok.yml"), ok);
        Path linkToZero = Files.createSymbolicLink(dir.resolve("link-zero.yml"), Path.of("/dev/zero"));
        ComposeFiles files = new ComposeFiles();
        Map<String, String> reasons = new java.util.LinkedHashMap<>();
        reasons.put(fifo.toString(), "not a regular file");
        reasons.put("/dev/zero", "not a regular file");
        reasons.put(huge.toString(), "larger than 1024 KiB");
        reasons.put(linkToOk.toString(), "symbolic link");
        reasons.put(linkToZero.toString(), "symbolic link");
        reasons.put(dir.toString(), "directory");
        for (int round = 0; round < 2; round++) {
            for (String bad : reasons.keySet()) {
                assertFalse(bounded(files, v1("app", bad, "", true).labels()).isPresent(), bad);
            }
        }
        assertEquals(reasons.size(), warnings().size(), "one warning per file: " + warnings());
        int i = 0;
        for (var e : reasons.entrySet()) {
            String w = warnings().get(i++);
            assertTrue(w.contains(e.getKey()) && w.contains(e.getValue()) && w.contains("com.docker.compose.project.config_files"),
                    "names the path, the reason and the label: " + w);
        }
        assertEquals(Set.of("postgres"), bounded(files, v1("app", ok.toString(), "", true).labels()).orElseThrow().dependencies("app"),
                "a regular file is still read");
    }

    @Test
    void aSlowFileCostsTheCallerTheTimeoutAtMostAndStuckReadsFailAtOnce() throws Exception {
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        ComposeFiles files = new ComposeFiles(new NamedFileReader(Duration.ofMillis(300), (path, max, known) -> {
            while (never.getCount() > 0) { // a hung network mount: not interruptible
                try {
                    never.await();
                } catch (InterruptedException e) {
                    // ignored, like a read in the kernel
                }
            }
            throw new IOException("hung");
        }));
        try {
            for (int i = 0; i < NamedFileReader.HELPERS + NamedFileReader.QUEUE + 3; i++) {
                long t0 = System.nanoTime();
                assertFalse(bounded(files, v1("app", dir.resolve("slow" + i + ".yml").toString(), "", true).labels()).isPresent());
                assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "bounded by the read timeout");
            }
            assertTrue(warnings().get(0).contains("could not be read within 300 ms"), warnings().get(0));
            assertTrue(warnings().get(warnings().size() - 1).contains("earlier file reads are still stuck"), warnings().toString());
        } finally {
            never.countDown();
        }
    }
}
