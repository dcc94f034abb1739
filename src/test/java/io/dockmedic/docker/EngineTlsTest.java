package io.dockmedic.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS client context of a tcp:// engine, from PEM files made by the test. */
class EngineTlsTest {
    @TempDir
    Path tmp;

    @Test
    void theContextCompletesAMutualHandshakeWithAServerOfTheSameCa() throws Exception {
        TestCerts pki = TestCerts.make(tmp);
        var server = new EngineTls(pki.ca(), pki.serverCert(), pki.serverKey()).context();
        var client = new EngineTls(pki.ca(), pki.cert(), pki.key()).context();
        try (SSLServerSocket listen = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0)) {
            listen.setNeedClientAuth(true);
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) listen.accept()) {
                    s.getOutputStream().write(1);
                    return s.getSession().getPeerPrincipal().getName();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", listen.getLocalPort())) {
                InputStream in = s.getInputStream();
                assertEquals(1, in.read());
            }
            assertEquals("CN=dockmedic", peer.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aServerOfAnotherCaIsRefused() throws Exception {
        TestCerts pki = TestCerts.make(Files.createDirectory(tmp.resolve("a")));
        TestCerts other = TestCerts.make(Files.createDirectory(tmp.resolve("b")));
        var server = new EngineTls(other.ca(), other.serverCert(), other.serverKey()).context();
        var client = new EngineTls(pki.ca(), pki.cert(), pki.key()).context();
        try (SSLServerSocket listen = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0)) {
            CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) listen.accept()) {
                    s.startHandshake();
                } catch (Exception ignored) {
                    // the client hangs up
                }
            });
            try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", listen.getLocalPort())) {
                OutputStream out = s.getOutputStream();
                assertThrows(javax.net.ssl.SSLHandshakeException.class, () -> out.write(1));
            }
        }
    }

    @Test
    void aBadFileIsNamedBySettingAndPathNeverByItsContents() throws Exception {
        TestCerts pki = TestCerts.make(tmp);
        Path garbage = Files.writeString(tmp.resolve("garbage.pem"),
                "-----BEGIN PRIVATE KEY-----\nTOPSECRETTOPSECRET\n-----END PRIVATE KEY-----\n");
        var e = assertThrows(EngineConfigException.class, () -> new EngineTls(pki.ca(), pki.cert(), garbage).context());
        assertEquals("docker.tls.key " + garbage + ": holds no PEM private key (PKCS#1, PKCS#8 or EC)", e.getMessage());
        e = assertThrows(EngineConfigException.class, () -> new EngineTls(pki.key(), pki.cert(), pki.key()).context());
        assertEquals("docker.tls.ca " + pki.key() + ": holds no PEM certificate", e.getMessage());
        assertFalse(e.getMessage().contains("PRIVATE"));
        e = assertThrows(EngineConfigException.class,
                () -> new EngineTls(pki.ca(), pki.cert(), tmp.resolve("missing.pem")).context());
        assertEquals("docker.tls.key " + tmp.resolve("missing.pem") + ": is not a regular file of at most 1 MiB", e.getMessage());
    }
}
