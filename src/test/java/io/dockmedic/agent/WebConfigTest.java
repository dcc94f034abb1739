package io.dockmedic.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.dockmedic.yaml.ProblemsException;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebConfigTest {
    private static final Path DIR = fixtureDir();
    /** server.crt/key (RSA), a.crt/key and b.crt/key (EC): keytool is slow, so once for the class. */
    @TempDir
    static Path certs;
    private static final String HASH_HINT = "is not a bcrypt hash ($2a$, $2b$ or $2y$);"
            + " make one with: htpasswd -nBC 10 \"\" | tr -d ':\\n'";

    @BeforeAll
    static void makeCertificates() throws Exception {
        TestCerts.create(certs, "server", "RSA");
        TestCerts.create(certs, "a", "EC");
        TestCerts.create(certs, "b", "EC");
    }

    @Test
    void everyProblemAtOnceInDocumentOrder() {
        assertEquals(List.of(
                "invalid-several.yml:3:14: tls_server_config.cert_file: \"missing.crt\" does not exist",
                "invalid-several.yml:4:13: tls_server_config.key_file: \"rsa-pkcs1.key\" needs exactly one unencrypted"
                        + " PKCS#8 key (-----BEGIN PRIVATE KEY-----) (found RSA PRIVATE KEY);"
                        + " convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8",
                "invalid-several.yml:5:3: tls_server_config.min_version: is not a known key (known: cert_file, key_file)",
                "invalid-several.yml:7:15: basic_auth_users.prometheus: " + HASH_HINT,
                "invalid-several.yml:8:16: basic_auth_users.ops:admin: a user name must be non-empty and contain no ':'",
                "invalid-several.yml:9:11: basic_auth_users.grafana: must have a value: the bcrypt hash of the password",
                "invalid-several.yml:10:1: http_server_config: is not a known key"
                        + " (known: tls_server_config, basic_auth_users)"),
                problems(DIR.resolve("invalid-several.yml")));
    }

    @Test
    void bcryptCostOutsideFourToFourteenIsRefused() {
        String cost = "; allowed are 4 to 14 (each step doubles the CPU time of a check; 10 is usual);"
                + " make one with: htpasswd -nBC 10 \"\" | tr -d ':\\n'";
        assertEquals(List.of(
                "invalid-bcrypt-cost.yml:3:8: basic_auth_users.low: has bcrypt cost 3" + cost,
                "invalid-bcrypt-cost.yml:4:9: basic_auth_users.high: has bcrypt cost 15" + cost,
                "invalid-bcrypt-cost.yml:5:13: basic_auth_users.absurd: has bcrypt cost 31" + cost),
                problems(DIR.resolve("invalid-bcrypt-cost.yml")));
    }

    @Test
    void incompleteTlsAndUsersNotAMapping() {
        assertEquals(List.of(
                "invalid-tls-incomplete.yml:2:3: tls_server_config.key_file: is required",
                "invalid-tls-incomplete.yml:2:14: tls_server_config.cert_file: must name a PEM file",
                "invalid-tls-incomplete.yml:3:19: basic_auth_users: must be a mapping, not a list"),
                problems(DIR.resolve("invalid-tls-incomplete.yml")));
    }

    @Test
    void missingFileIsNamed() {
        assertEquals(List.of("no-such-web.yml: does not exist"), problems(DIR.resolve("no-such-web.yml")));
    }

    @Test
    void emptyFileMeansPlainHttpWithoutAuth() throws ProblemsException {
        WebConfig web = WebConfig.load(DIR.resolve("valid-empty.yml"));
        assertNull(web.tls());
        assertFalse(web.authRequired());
    }

    @Test
    void tlsAndUsersWithRelativePaths() throws Exception {
        String hash = new String(BCrypt.with(BCrypt.Version.VERSION_2Y).hash(4, "s3cret".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.US_ASCII);
        Path file = Files.writeString(certs.resolve("web.yml"), "tls_server_config:\n  cert_file: server.crt\n"
                + "  key_file: server.key\nbasic_auth_users:\n  prometheus: " + hash + "\n");
        WebConfig web = WebConfig.load(file);
        assertNotNull(web.tls());
        assertTrue(web.authRequired());
        assertEquals(Set.of("prometheus"), web.users().keySet());
        assertEquals(4, web.users().get("prometheus").cost);
    }

    @Test
    void keyOfAnotherCertificateIsRefused() throws Exception {
        Path file = Files.writeString(certs.resolve("mismatch.yml"), "tls_server_config:\n  cert_file: a.crt\n  key_file: b.key\n");
        assertEquals(List.of("mismatch.yml:3:13: tls_server_config.key_file: does not belong to the first certificate in cert_file"),
                problems(file));
    }

    @Test
    void certificateFileWithoutCertificate() throws Exception {
        Path file = Files.writeString(certs.resolve("no-cert.yml"), "tls_server_config:\n  cert_file: a.key\n  key_file: a.key\n");
        assertEquals(List.of("no-cert.yml:2:14: tls_server_config.cert_file: \"a.key\" has no PEM certificate"
                        + " (-----BEGIN CERTIFICATE-----)"), problems(file));
    }

    @Test
    void queryParametersAreDecodedAndNotRepeated() {
        assertEquals(Map.of("project", "ai assistant", "lang", "zh"), HttpEndpoint.query("project=ai+assistant&lang=zh"));
        assertEquals(Map.of(), HttpEndpoint.query(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HttpEndpoint.query("lang=en&lang=zh"));
        assertEquals("query parameter lang is given twice", e.getMessage());
    }

    private static List<String> problems(Path file) {
        ProblemsException e = assertThrows(ProblemsException.class, () -> WebConfig.load(file));
        String prefix = file.getParent() + File.separator;
        return e.problems().stream().map(p -> p.toString().replace(prefix, "")).toList();
    }

    private static Path fixtureDir() {
        try {
            return Path.of(WebConfigTest.class.getResource("/webconfig").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
