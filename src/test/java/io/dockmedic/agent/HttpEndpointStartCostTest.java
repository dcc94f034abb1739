package io.dockmedic.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What starting the HTTP server costs on the way to ready (issue 18): in a fresh JVM, starting the endpoint
 * without basic auth loads neither the platform MBean server (Jetty's default thread-pool queue asks it for
 * the JVM's pointer size: ~300 JMX classes, tens of ms) nor bcrypt and a {@code SecureRandom} (only basic auth
 * needs them). A fresh JVM, because this one's other tests have loaded both long ago.
 */
class HttpEndpointStartCostTest {

    /** Run in the child JVM: starts an endpoint on an ephemeral port, prints it, waits for the parent's request. */
    public static void main(String[] args) throws Exception {
        try (HttpEndpoint http = new HttpEndpoint("127.0.0.1", 0, WebConfig.OFF, () -> "m\n",
                () -> "m\n", () -> new HttpEndpoint.Health(true, "{}\n"), q -> "[]", () -> "[]")) {
            http.start();
            System.out.println("PORT " + http.port());
            System.out.flush();
            System.in.read();
        }
    }

    @Test
    void startingWithoutAuthLoadsNoMBeanServerNorCrypto(@TempDir Path dir) throws Exception {
        Path classes = dir.resolve("classes.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xshare:auto", "-Xlog:class+load:file=" + classes,
                "-cp", System.getProperty("java.class.path"), HttpEndpointStartCostTest.class.getName())
                .redirectErrorStream(true).start();
        try {
            String port = readPort(child);
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
        } finally {
            child.getOutputStream().write('\n');
            child.getOutputStream().flush();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child JVM did not exit");
        }
        List<String> loaded = Files.readAllLines(classes, StandardCharsets.UTF_8).stream()
                .map(l -> l.replaceFirst("^\\[[^]]*\\]\\[[^]]*\\]\\[[^]]*\\] ", "").split(" ")[0]).toList();
        assertTrue(loaded.contains("org.eclipse.jetty.server.Server"), "the log lists the classes: " + loaded.size());
        assertFalse(loaded.contains("javax.management.MBeanServerFactory"), "the platform MBean server was made");
        assertFalse(loaded.contains("at.favre.lib.crypto.bcrypt.BCrypt"), "bcrypt was loaded without basic auth");
        assertFalse(loaded.contains("java.security.SecureRandom"), "a SecureRandom was made without basic auth");
    }

    private static String readPort(Process child) throws IOException {
        StringBuilder out = new StringBuilder();
        var in = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("PORT ")) {
                return line.substring(5).trim();
            }
            out.append(line).append('\n');
        }
        throw new AssertionError("the child JVM printed no port:\n" + out);
    }
}
