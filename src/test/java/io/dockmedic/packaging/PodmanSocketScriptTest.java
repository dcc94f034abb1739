package io.dockmedic.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/run.sh finds Podman's socket (rootful or rootless) only when there is no Docker socket and no engine is set. */
class PodmanSocketScriptTest {
    @TempDir
    Path tmp;

    private final List<ServerSocketChannel> sockets = new ArrayList<>();

    private Path socket(String relative) throws IOException {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        ServerSocketChannel ch = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(p));
        sockets.add(ch);
        return p;
    }

    /** dm_podman_host's output, or "none" when it fails. */
    private String podmanHost(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". scripts/lib/common.sh; dm_podman_host || echo none");
        pb.environment().remove("DOCKER_HOST");
        pb.environment().remove("DOCKMEDIC_DOCKER_HOST");
        pb.environment().remove("XDG_RUNTIME_DIR");
        pb.environment().put("DM_DOCKER_SOCKET", tmp.resolve("docker.sock").toString());
        pb.environment().put("DM_PODMAN_ROOTFUL_SOCKET", tmp.resolve("run/podman/podman.sock").toString());
        pb.environment().putAll(env);
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(30, TimeUnit.SECONDS);
        for (ServerSocketChannel ch : sockets) {
            ch.close();
        }
        return out;
    }

    @Test
    void rootfulSocketIsFoundWithoutADockerSocket() throws Exception {
        Path rootful = socket("run/podman/podman.sock");
        assertEquals("unix://" + rootful, podmanHost(Map.of()));
    }

    @Test
    void rootlessSocketIsFoundUnderXdgRuntimeDir() throws Exception {
        Path rootless = socket("user/podman/podman.sock");
        assertEquals("unix://" + rootless, podmanHost(Map.of("XDG_RUNTIME_DIR", tmp.resolve("user").toString())));
    }

    @Test
    void aDockerSocketOrASetEngineWins() throws Exception {
        socket("run/podman/podman.sock");
        socket("docker.sock");
        assertEquals("none", podmanHost(Map.of()));
    }

    @Test
    void aDockerHostSetByTheUserWins() throws Exception {
        socket("run/podman/podman.sock");
        assertEquals("none", podmanHost(Map.of("DOCKER_HOST", "tcp://h:2376")));
    }

    @Test
    void noSocketNoPodman() throws Exception {
        assertEquals("none", podmanHost(Map.of()));
    }
}
