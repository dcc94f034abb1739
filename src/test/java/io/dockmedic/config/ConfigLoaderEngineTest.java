package io.dockmedic.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code docker.*} beyond the host: TLS files, plain tcp only when allowed, the engine's name. */
class ConfigLoaderEngineTest {
    @TempDir
    Path tmp;

    private static List<String> problems(Path file, Map<String, String> env, Map<String, String> overrides) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(file, env, overrides))
                .problems().stream().map(Object::toString).toList();
    }

    private Path pem(String name) throws Exception {
        return Files.writeString(tmp.resolve(name), "-----BEGIN PRIVATE KEY-----\nTOPSECRET\n-----END PRIVATE KEY-----\n");
    }

    @Test
    void plainTcpIsRefusedUnlessAllowed() throws Exception {
        assertEquals(List.of("override: docker.host: is plain tcp:// without docker.tls (ca, cert, key): anyone who "
                        + "reaches the port controls the engine; set docker.tls, or docker.allow_plain_tcp: true to accept that"),
                problems(null, Map.of(), Map.of("docker.host", "tcp://10.0.0.5:2375")));
        assertEquals(List.of("env DOCKER_HOST: docker.host: is plain tcp:// without docker.tls (ca, cert, key): anyone who "
                        + "reaches the port controls the engine; set docker.tls, or docker.allow_plain_tcp: true to accept that"),
                problems(null, Map.of("DOCKER_HOST", "tcp://docker:2375"), Map.of()));
        Config.Docker d = ConfigLoader.load(null, Map.of("DOCKMEDIC_DOCKER_ALLOW_PLAIN_TCP", "true"),
                Map.of("docker.host", "tcp://10.0.0.5:2375")).docker();
        assertTrue(d.allowPlainTcp());
        assertEquals(Optional.empty(), d.tls());
        assertEquals(List.of("env DOCKMEDIC_DOCKER_ALLOW_PLAIN_TCP: docker.allow_plain_tcp: is not true or false"),
                problems(null, Map.of("DOCKMEDIC_DOCKER_ALLOW_PLAIN_TCP", "yes"), Map.of()));
    }

    @Test
    void tlsFilesFromTheFile() throws Exception {
        Path ca = pem("ca.pem");
        Path cert = pem("cert.pem");
        Path key = pem("key.pem");
        Path file = Files.writeString(tmp.resolve("c.yml"), "docker:\n  host: tcp://engine.example:2376\n  tls:\n"
                + "    ca: " + ca + "\n    cert: " + cert + "\n    key: " + key + "\n");
        Config.Docker d = ConfigLoader.load(file, Map.of()).docker();
        assertEquals(Optional.of(new Config.Docker.Tls(ca, cert, key)), d.tls());
        assertFalse(d.allowPlainTcp());
        assertEquals("engine.example", d.engine());
    }

    @Test
    void anUnreadableTlsFileIsNamedByKeyAndPathNeverItsContents() throws Exception {
        Path ca = pem("ca.pem");
        Path cert = pem("cert.pem");
        Path dir = Files.createDirectory(tmp.resolve("adir"));
        Path file = Files.writeString(tmp.resolve("c.yml"), "docker:\n  host: tcp://engine:2376\n  tls:\n"
                + "    ca: " + ca + "\n    cert: " + dir + "\n    key: " + tmp.resolve("nokey.pem") + "\n");
        List<String> p = problems(file, Map.of(), Map.of());
        assertEquals(List.of(
                file + ":5:11: docker.tls.cert: \"" + dir + "\" is not a regular file",
                file + ":6:10: docker.tls.key: \"" + tmp.resolve("nokey.pem") + "\" cannot be read: no such file"), p);
        assertFalse(String.join("\n", p).contains("TOPSECRET"));
    }

    @Test
    void tlsFilesComeAllOrNoneAndOnlyForTcp() throws Exception {
        Path ca = pem("ca.pem");
        assertEquals(List.of(
                        "override: docker.tls.cert: must be set together with docker.tls.ca",
                        "override: docker.tls.key: must be set together with docker.tls.ca"),
                problems(null, Map.of(), Map.of("docker.host", "tcp://e:2376", "docker.tls.ca", ca.toString())));
        assertEquals(List.of("override: docker.tls: applies to a tcp:// docker.host only (docker.host is not tcp://)"),
                problems(null, Map.of(), Map.of("docker.tls.ca", ca.toString(), "docker.tls.cert", ca.toString(),
                        "docker.tls.key", ca.toString())));
    }

    @Test
    void dockerTlsVerifyTakesTheFilesFromDockerCertPath() throws Exception {
        Path ca = pem("ca.pem");
        Path cert = pem("cert.pem");
        Path key = pem("key.pem");
        Config.Docker d = ConfigLoader.load(null, Map.of("DOCKER_HOST", "tcp://10.1.2.3:2376", "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", tmp.toString()), Map.of()).docker();
        assertEquals(Optional.of(new Config.Docker.Tls(ca, cert, key)), d.tls());
        assertEquals("10.1.2.3", d.engine());
        // without DOCKER_CERT_PATH: ~/.docker, as the docker CLI does
        Path home = Files.createDirectory(tmp.resolve("home"));
        Path docker = Files.createDirectory(home.resolve(".docker"));
        Files.copy(ca, docker.resolve("ca.pem"));
        Files.copy(ca, docker.resolve("cert.pem"));
        Files.copy(ca, docker.resolve("key.pem"));
        assertEquals(docker.resolve("key.pem"), ConfigLoader.load(null, Map.of("DOCKER_HOST", "tcp://h:2376",
                "DOCKER_TLS_VERIFY", "1", "HOME", home.toString()), Map.of()).docker().tls().orElseThrow().key());
        // an explicit docker.tls.* wins over the docker CLI's variables
        assertEquals(List.of("override: docker.tls.cert: must be set together with docker.tls.ca"
                        + "", "override: docker.tls.key: must be set together with docker.tls.ca"),
                problems(null, Map.of("DOCKER_HOST", "tcp://h:2376", "DOCKER_TLS_VERIFY", "1",
                        "DOCKER_CERT_PATH", tmp.toString()), Map.of("docker.tls.ca", ca.toString())));
    }

    @Test
    void engineNameLabelsEverySeries() throws Exception {
        assertEquals("local", Config.defaults().docker().engine());
        assertEquals("node-7", ConfigLoader.load(null, Map.of("DOCKMEDIC_DOCKER_ENGINE_NAME", "node-7")).docker().engine());
        assertEquals("[::1]", new Config.Docker("tcp://[::1]:2376").engine());
        assertEquals(List.of("env DOCKMEDIC_DOCKER_ENGINE_NAME: docker.engine_name: is not a name of at most 63 letters, "
                        + "digits, '.', '_', ':' or '-'"),
                problems(null, Map.of("DOCKMEDIC_DOCKER_ENGINE_NAME", "a b\"c"), Map.of()));
    }
}
