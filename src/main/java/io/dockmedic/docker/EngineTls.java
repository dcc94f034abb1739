package io.dockmedic.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The TLS client side of a {@code tcp://} engine, as {@code dockerd --tlsverify} expects it: the
 * engine's certificate must chain to {@code docker.tls.ca} (and name the host: the HTTP client checks
 * it), and dockmedic shows the client certificate {@code docker.tls.cert} with its key
 * {@code docker.tls.key}. PEM parsing is BouncyCastle's (docker-java brings it: PKCS#1,
 * PKCS#8 and EC keys; converted by the JDK's own providers, none is registered). An unusable file fails with the key and the path, never its contents.
 *
 * @param ca   PEM certificate(s) of the CA that signed the engine's certificate
 * @param cert PEM client certificate (chain)
 * @param key  PEM private key of the client certificate
 */
public record EngineTls(Path ca, Path cert, Path key) {
    /** A key store password that protects nothing (the store lives in memory only); the JDK requires one. */
    private static final char[] IN_MEMORY = "in-memory".toCharArray();
    /** PEM files are small; a bigger file is not one. */
    private static final long MAX_BYTES = 1 << 20;

    /** Reads and checks the three files, and builds the context the HTTP client connects with. */
    public SSLContext context() {
        List<Certificate> cas = certificates(ca, "docker.tls.ca");
        List<Certificate> chain = certificates(cert, "docker.tls.cert");
        PrivateKey privateKey = privateKey();
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("ca-" + i, cas.get(i));
            }
            KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
            keys.load(null, null);
            keys.setKeyEntry("client", privateKey, IN_MEMORY, chain.toArray(Certificate[]::new));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, IN_MEMORY);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new EngineConfigException("docker.tls.key " + key + " and docker.tls.cert " + cert
                    + ": do not make a client key pair (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static List<Certificate> certificates(Path file, String setting) {
        List<Certificate> certs = new ArrayList<>();
        String text = read(file, setting);
        try (PEMParser pem = new PEMParser(new java.io.StringReader(text))) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    certs.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            certs.clear(); // reported below without the parser's message, which may quote the file
        }
        if (certs.isEmpty()) {
            throw new EngineConfigException(setting + " " + file + ": holds no PEM certificate");
        }
        return certs;
    }

    private PrivateKey privateKey() {
        String text = read(key, "docker.tls.key");
        try (PEMParser pem = new PEMParser(new java.io.StringReader(text))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                if (o instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo()); // the public half may be absent (EC)
                }
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            }
        } catch (IOException | RuntimeException e) {
            // reported below without the parser's message, which may quote the key
        }
        throw new EngineConfigException("docker.tls.key " + key + ": holds no PEM private key (PKCS#1, PKCS#8 or EC)");
    }

    private static String read(Path file, String setting) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                throw new EngineConfigException(setting + " " + file + ": is not a regular file of at most 1 MiB");
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new EngineConfigException(setting + " " + file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
