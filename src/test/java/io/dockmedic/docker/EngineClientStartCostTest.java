package io.dockmedic.docker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.ClassesLoaded;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What building the engine client and its liveness ping cost on the way to ready (issue 18): in a fresh JVM, neither
 * loads docker-java's command client, its configuration (the user's Docker config file, bound through Jackson's bean
 * machinery) or its ping command (its command and exec classes and the Guava collections they use). Only
 * remediation's actions need those, and they build them on first use. A fresh JVM, because this one's other tests have
 * loaded them long ago; a small engine on a unix socket of its own that answers every request with {@code 200 OK}.
 */
class EngineClientStartCostTest {

    /** Run in the child JVM: an engine that answers "OK" on the socket {@code args[0]}, a client, one ping. */
    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread engine = new Thread(() -> answerOk(server), "fake-engine");
        engine.setDaemon(true);
        engine.start();
        Engine client = new DockerJavaEngine("unix://" + socket);
        try {
            client.alive();
            System.out.println("ALIVE");
        } finally {
            client.close();
        }
    }

    private static void answerOk(ServerSocketChannel server) {
        byte[] ok = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nOK".getBytes(StandardCharsets.US_ASCII);
        try {
            while (true) {
                try (SocketChannel c = server.accept()) {
                    ByteBuffer in = ByteBuffer.allocate(8192);
                    StringBuilder request = new StringBuilder();
                    while (c.read(in) > 0) {
                        request.append(new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII));
                        in.clear();
                        if (request.indexOf("\r\n\r\n") >= 0) {
                            c.write(ByteBuffer.wrap(ok));
                            request.setLength(0);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the JVM is exiting
        }
    }

    @Test
    void buildingTheClientAndPingingLoadNoCommandClient(@TempDir Path dir) throws Exception {
        ClassesLoaded child = ClassesLoaded.byMain(dir, EngineClientStartCostTest.class, dir.resolve("engine.sock").toString());
        assertTrue(child.output().contains("ALIVE"), "the ping did not succeed:\n" + child.output());
        assertTrue(child.loaded("com.github.dockerjava.httpclient5.ApacheDockerHttpClient"),
                "the log lists the classes: " + child.classes().size());
        assertFalse(child.loaded("com.github.dockerjava.core.DefaultDockerClientConfig"), "docker-java's configuration was made");
        assertFalse(child.loaded("com.github.dockerjava.core.DockerClientImpl"), "docker-java's command client was built");
        assertFalse(child.loaded("com.github.dockerjava.core.command.PingCmdImpl"), "the ping went through docker-java's command");
    }
}
