package io.dockmedic.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.EngineException;
import io.dockmedic.evidence.Facts;
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
                running ? "running" : "exited", running ? "unhealthy" : "none", List.of(), running ? null : 1, false, 0,
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
                "unhealthy", List.of(), null, false, 0, Instant.now(), null);
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
}
