package io.dockmedic.docker;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI made by the test (BouncyCastle): a CA, a server certificate for 127.0.0.1 and
 * localhost, and a client certificate, each written as PEM into a directory with the names dockerd
 * and the docker CLI use ({@code ca.pem}, {@code server-cert.pem}, {@code server-key.pem},
 * {@code cert.pem}, {@code key.pem}). Nothing of it is ever committed.
 */
public final class TestCerts {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    public final Path dir;

    private TestCerts(Path dir) {
        this.dir = dir;
    }

    public Path ca() {
        return dir.resolve("ca.pem");
    }

    public Path cert() {
        return dir.resolve("cert.pem");
    }

    public Path key() {
        return dir.resolve("key.pem");
    }

    public Path serverCert() {
        return dir.resolve("server-cert.pem");
    }

    public Path serverKey() {
        return dir.resolve("server-key.pem");
    }

    /** Makes a CA and a server and client certificate signed by it into {@code dir}. */
    public static TestCerts make(Path dir) throws Exception {
        KeyPair ca = keys();
        X500Name caName = new X500Name("CN=dockmedic test CA");
        X509Certificate caCert = sign(caName, ca.getPublic(), caName, ca.getPrivate(), true, null);
        KeyPair server = keys();
        X509Certificate serverCert = sign(new X500Name("CN=127.0.0.1"), server.getPublic(), caName, ca.getPrivate(), false,
                KeyPurposeId.id_kp_serverAuth);
        KeyPair client = keys();
        X509Certificate clientCert = sign(new X500Name("CN=dockmedic"), client.getPublic(), caName, ca.getPrivate(), false,
                KeyPurposeId.id_kp_clientAuth);
        write(dir.resolve("ca.pem"), caCert);
        write(dir.resolve("server-cert.pem"), serverCert);
        write(dir.resolve("server-key.pem"), server.getPrivate());
        write(dir.resolve("cert.pem"), clientCert);
        write(dir.resolve("key.pem"), client.getPrivate());
        return new TestCerts(dir);
    }

    /** Another CA's client certificate: the engine must refuse it. */
    public static TestCerts other(Path dir) throws Exception {
        return make(dir);
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, PublicKey key, X500Name issuer, PrivateKey issuerKey, boolean ca,
                                        KeyPurposeId purpose) throws Exception {
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject, key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            if (purpose == KeyPurposeId.id_kp_serverAuth) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            }
        }
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    private static void write(Path file, Object pemObject) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            // keys as PKCS#8 ("BEGIN PRIVATE KEY"), what openssl 3 writes
            w.writeObject(pemObject instanceof PrivateKey k ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null)
                    : pemObject);
        }
        Files.writeString(file, out.toString());
    }
}
