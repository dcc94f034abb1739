package io.dockmedic.agent;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.IllegalBCryptFormatException;
import io.dockmedic.yaml.ProblemsException;
import io.dockmedic.yaml.YamlSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Protection of the agent's HTTP endpoints, read from the file named by {@code http.web_config}, in the
 * format of the Prometheus exporters' web config:
 *
 * <pre>
 * tls_server_config:
 *   cert_file: server.crt   # PEM, the server certificate first, then any intermediates
 *   key_file: server.key    # PEM, unencrypted PKCS#8 ("BEGIN PRIVATE KEY"), RSA or EC
 * basic_auth_users:
 *   prometheus: $2y$10$...  # bcrypt hash, cost 4 to 14, e.g. from: htpasswd -nBC 10 "" | tr -d ':\n'
 * </pre>
 *
 * Both sections are optional; relative paths are relative to the web config file. Without a file,
 * the endpoints are plain HTTP without authentication. Every problem is reported at once, with
 * file:line:column.
 */
final class WebConfig {
    static final WebConfig OFF = new WebConfig(null, Map.of());

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final Map<String, String> SIGNATURES = Map.of("RSA", "SHA256withRSA", "EC", "SHA256withECDSA");
    /**
     * bcrypt costs accepted: 4 is bcrypt's minimum; each step doubles the CPU time of a check, and 15
     * takes seconds on a small machine (31 takes days), which would stall every new scraper's first request.
     */
    static final int MIN_COST = 4;
    static final int MAX_COST = 14;
    /** The cost in a bcrypt hash ($2a$, $2b$ or $2y$, two digits), read before the library parses it. */
    private static final Pattern COST = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$.*", Pattern.DOTALL);
    private static final String MAKE_ONE = "make one with: htpasswd -nBC 10 \"\" | tr -d ':\\n'";
    private static final Set<String> TOP_KEYS = new LinkedHashSet<>(List.of("tls_server_config", "basic_auth_users"));
    private static final Set<String> TLS_KEYS = new LinkedHashSet<>(List.of("cert_file", "key_file"));

    private final SSLContext tls;
    private final Map<String, BCrypt.HashData> users;

    private WebConfig(SSLContext tls, Map<String, BCrypt.HashData> users) {
        this.tls = tls;
        this.users = Map.copyOf(users);
    }

    /** Reads and checks the file; every problem (YAML, keys, hashes, certificate, key) is reported at once. */
    static WebConfig load(Path file) throws ProblemsException {
        YamlSource src = YamlSource.open(file);
        Map<String, BCrypt.HashData> users = new LinkedHashMap<>();
        SSLContext[] tls = new SSLContext[1];
        src.root().filter(root -> !YamlSource.isNull(root)).ifPresent(root ->
                src.mapping(root, "", TOP_KEYS).forEach((key, value) -> {
                    if (key.equals("tls_server_config")) {
                        tls[0] = tls(src, value, file.toAbsolutePath().getParent());
                    } else {
                        users.putAll(users(src, value));
                    }
                }));
        if (!src.problems().isEmpty()) {
            throw new ProblemsException("invalid web config", src.problemsInDocumentOrder());
        }
        return new WebConfig(tls[0], users);
    }

    /** The server's TLS context, or null for plain HTTP. */
    SSLContext tls() {
        return tls;
    }

    boolean authRequired() {
        return !users.isEmpty();
    }

    /** The users and their bcrypt hashes (checked by {@link BasicAuth}); empty when no authentication is asked for. */
    Map<String, BCrypt.HashData> users() {
        return users;
    }

    private static Map<String, BCrypt.HashData> users(YamlSource src, Node node) {
        Map<String, BCrypt.HashData> out = new LinkedHashMap<>();
        if (YamlSource.isNull(node)) {
            return out;
        }
        src.mapping(node, "basic_auth_users", null).forEach((user, value) -> {
            String property = "basic_auth_users." + user;
            if (user.isEmpty() || user.indexOf(':') >= 0) {
                src.problem(value, property, null, "a user name must be non-empty and contain no ':'");
            }
            if (YamlSource.isNull(value)) {
                src.problem(value, property, null, "must have a value: the bcrypt hash of the password");
                return;
            }
            String hash = src.scalar(value, property);
            if (hash == null) {
                return;
            }
            Matcher m = COST.matcher(hash);
            int cost = m.matches() ? Integer.parseInt(m.group(1)) : MIN_COST;
            if (cost < MIN_COST || cost > MAX_COST) {
                src.problem(value, property, null, "has bcrypt cost " + cost + "; allowed are "
                        + MIN_COST + " to " + MAX_COST + " (each step doubles the CPU time of a check; 10 is usual); " + MAKE_ONE);
                return;
            }
            try {
                out.put(user, BCrypt.Version.VERSION_2A.parser.parse(hash.getBytes(StandardCharsets.UTF_8)));
            } catch (IllegalBCryptFormatException | RuntimeException e) {
                src.problem(value, property, null, "is not a bcrypt hash ($2a$, $2b$ or $2y$); " + MAKE_ONE);
            }
        });
        return out;
    }

    private static SSLContext tls(YamlSource src, Node node, Path base) {
        Map<String, Node> keys = src.mapping(node, "tls_server_config", TLS_KEYS);
        int before = src.problems().size();
        List<Certificate> chain = pem(src, node, keys, "cert_file", base, WebConfig::certificates);
        PrivateKey key = pem(src, node, keys, "key_file", base, WebConfig::privateKey);
        if (src.problems().size() > before) {
            return null;
        }
        try {
            if (!matches(key, (X509Certificate) chain.get(0))) {
                src.problem(keys.get("key_file"), "tls_server_config.key_file", null,
                        "does not belong to the first certificate in cert_file");
                return null;
            }
            char[] password = "in-memory-only".toCharArray(); // the store never leaves this method
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("dockmedic", key, password, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            src.problem(node, "tls_server_config", null, "cannot be used for TLS: " + e.getMessage());
            return null;
        }
    }

    /** Parses one PEM file of the TLS section; a problem at the key's value when it is missing or invalid. */
    private static <T> T pem(YamlSource src, Node section, Map<String, Node> keys, String name, Path base,
                             PemParser<T> parser) {
        String property = "tls_server_config." + name;
        Node value = keys.get(name);
        if (value == null) {
            src.problem(section, property, null, "is required");
            return null;
        }
        String text = YamlSource.isNull(value) ? "" : src.scalar(value, property);
        if (text == null) {
            return null;
        }
        if (text.isEmpty()) {
            src.problem(value, property, null, "must name a PEM file");
            return null;
        }
        try {
            return parser.parse(Files.readString(base.resolve(text), StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            src.problem(value, property, text, YamlSource.unreadable(e));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            src.problem(value, property, text, e.getMessage());
        }
        return null;
    }

    @FunctionalInterface
    private interface PemParser<T> {
        T parse(String text) throws GeneralSecurityException;
    }

    private static List<Certificate> certificates(String text) throws GeneralSecurityException {
        List<Certificate> out = new ArrayList<>();
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (byte[] der : blocks(text, "CERTIFICATE")) {
            try {
                out.add(cf.generateCertificate(new ByteArrayInputStream(der)));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("has a certificate that cannot be read: " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("has no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    private static PrivateKey privateKey(String text) {
        List<byte[]> keys = blocks(text, "PRIVATE KEY");
        if (keys.size() != 1) {
            Matcher m = PEM.matcher(text);
            String found = m.find() ? " (found " + m.group(1) + ")" : "";
            throw new IllegalArgumentException("needs exactly one unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----)"
                    + found + "; convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(keys.get(0));
        for (String algorithm : SIGNATURES.keySet()) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("is not an RSA or EC private key");
    }

    /** The DER bytes of every PEM block of this type. */
    private static List<byte[]> blocks(String text, String type) {
        List<byte[]> out = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                out.add(Base64.getMimeDecoder().decode(m.group(2)));
            }
        }
        return out;
    }

    /** Whether the private key signs what the certificate's public key verifies. */
    private static boolean matches(PrivateKey key, X509Certificate cert) throws GeneralSecurityException {
        String alg = SIGNATURES.get(key.getAlgorithm());
        if (alg == null || !key.getAlgorithm().equals(cert.getPublicKey().getAlgorithm())) {
            return false;
        }
        byte[] probe = "dockmedic".getBytes(StandardCharsets.US_ASCII);
        Signature sign = Signature.getInstance(alg);
        sign.initSign(key);
        sign.update(probe);
        byte[] signature = sign.sign();
        Signature verify = Signature.getInstance(alg);
        verify.initVerify(cert.getPublicKey());
        verify.update(probe);
        return verify.verify(signature);
    }

}
