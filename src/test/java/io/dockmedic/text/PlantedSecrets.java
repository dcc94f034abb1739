package io.dockmedic.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated secrets of every format the redactor knows, planted in realistic failing log lines: for
 * property tests that assert none survives anywhere the project writes.
 */
public final class PlantedSecrets {
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String HEX = "0123456789abcdef";

    /**
     * The log lines, the secrets in them that any redactor must mask (each must never be seen again),
     * and one more secret known only from the container's env (only an env-aware redactor masks it).
     */
    public record Planted(List<String> lines, List<String> secrets, String envSecret) {
        public Map<String, String> env() {
            return Map.of("API_SECRET", envSecret);
        }
    }

    private PlantedSecrets() {
    }

    private static Arbitrary<String> chars(String alphabet, int min, int max) {
        return Arbitraries.strings().withChars(alphabet.toCharArray()).ofMinLength(min).ofMaxLength(max);
    }

    /** A random part with at least one digit, upper and lower case letter, as real keys have. */
    private static Arbitrary<String> key(int min, int max) {
        return chars(ALNUM, min, max).map(s -> "Q7x" + s);
    }

    /** One line per format: the secret (what must not survive) and the line it is in. */
    private record Line(String secret, String line) {
    }

    private static List<Arbitrary<Line>> formats() {
        Arbitrary<String> password = chars(ALNUM + "!%*+~_.-", 8, 20).map(s -> "P4s" + s);
        Arbitrary<String> urlPassword = Combinators.combine(password, Arbitraries.of("", "@", "@x@", "/"))
                .as((p, extra) -> p.substring(0, 4) + extra + p.substring(4));
        List<Arbitrary<Line>> f = new ArrayList<>();
        f.add(password.map(p -> new Line(p, "FATAL: could not connect: DB_PASS=" + p + " rejected by server")));
        f.add(password.map(p -> new Line(p, "error: login failed with MYSQL_PW=" + p)));
        f.add(password.map(p -> new Line(p, "ERROR boot: SECRET_KEY_BASE=" + p + " is too short")));
        f.add(password.map(p -> new Line(p, "{\"level\":\"error\",\"msg\":\"auth failed\",\"password\":\"" + p + "\"}")));
        f.add(urlPassword.map(p -> new Line(p, "Error: connect ECONNREFUSED postgres://app:" + p + "@db:5432/app")));
        f.add(key(20, 30).map(k -> new Line(k, "10.0.0.1 - - \"GET /api HTTP/1.1\" 401 - \"Authorization: Token " + k + "\"")));
        f.add(password.map(p -> {
            String b = Base64.getEncoder().encodeToString(("admin:" + p).getBytes(StandardCharsets.UTF_8));
            return new Line(b, "upstream rejected Authorization: Basic " + b + " with 403");
        }));
        f.add(key(20, 40).map(k -> new Line(k, "ERROR 401 calling https://api.example/v1 Authorization: Bearer " + k)));
        f.add(chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 16).map(k -> new Line(k, "S3 upload failed: InvalidAccessKeyId AKIA" + k)));
        f.add(key(37, 37).map(k -> new Line(k, "SignatureDoesNotMatch for aws_secret_access_key=" + k)));
        f.add(chars(ALNUM, 36, 36).map(k -> new Line(k, "remote: Invalid username or password. token ghp_" + k + " rejected")));
        f.add(chars(ALNUM, 20, 20).map(k -> new Line(k, "fatal: Authentication failed for glpat-" + k)));
        f.add(chars(ALNUM, 24, 24).map(k -> new Line(k, "slack error invalid_auth for xoxb-1234-5678-" + k)));
        f.add(chars(ALNUM, 24, 24).map(k -> new Line(k, "POST https://hooks.slack.com/services/T0001/B0001/" + k + " failed: 404 no_team")));
        f.add(password.map(p -> new Line(p, "+ curl -fsS -u admin:" + p + " http://127.0.0.1:8080/health failed")));
        f.add(password.map(p -> new Line(p, "mysql -h db -u root -p'" + p + "' failed: Access denied")));
        f.add(password.map(p -> new Line(p, "redis-cli -h redis -a " + p + " ping: NOAUTH Authentication required")));
        f.add(password.map(p -> new Line(p, "pg_dump --password " + p + " failed: connection refused")));
        f.add(password.map(p -> new Line(p, "proxy error 502 for request with Cookie: session=" + p + "; theme=dark")));
        f.add(password.map(p -> new Line(p, "upstream sent Set-Cookie: sid=" + p + "; HttpOnly then failed")));
        f.add(password.map(p -> new Line(p, "错误：连接数据库失败 密码=" + p)));
        f.add(chars(ALNUM, 24, 24).map(k -> new Line(k, "stripe error: No such customer for key sk_live_" + k)));
        f.add(chars(ALNUM, 35, 35).map(k -> new Line(k, "google api 403 PERMISSION_DENIED key AIza" + k)));
        f.add(key(40, 48).map(k -> new Line(k, "openai.AuthenticationError: Incorrect API key provided: sk-proj-" + k)));
        f.add(key(40, 48).map(k -> new Line(k, "anthropic 401 invalid x-api-key sk-ant-api03-" + k)));
        f.add(chars(ALNUM, 36, 36).map(k -> new Line(k, "npm ERR! 401 Unauthorized npm_" + k)));
        f.add(key(60, 70).map(k -> new Line(k, "HTTPError: 403 Forbidden pypi-AgEIcHlwaS5vcmc" + k)));
        f.add(Combinators.combine(chars(ALNUM, 22, 22), chars(ALNUM, 43, 43)).as((a, b) -> a + "." + b)
                .map(k -> new Line(k, "sendgrid 401 for SG." + k)));
        f.add(chars(HEX, 32, 32).map(k -> new Line(k, "twilio error 20003 with SK" + k)));
        f.add(Combinators.combine(key(20, 30), key(20, 30)).as((a, b) -> "eyJhbGciOiJIUzI1NiJ9.eyJ" + a + "." + b)
                .map(k -> new Line(k.substring(24), "jwt rejected: " + k + " expired")));
        f.add(key(58, 58).map(k -> new Line(k, "heroku: Invalid credentials HRKU-AA" + k)));
        f.add(chars(HEX, 64, 64).map(k -> new Line(k, "digitalocean 401 Unable to authenticate dop_v1_" + k)));
        f.add(key(24, 90).map(k -> new Line(k, "vault: permission denied for hvs." + k)));
        f.add(key(20, 30).map(k -> new Line(k, "docker login failed: dckr_pat_" + k)));
        f.add(chars(ALNUM, 36, 36).map(k -> new Line(k, "error: github_pat_11AB" + k + " has expired")));
        return f;
    }

    /** Every format once, planted among ordinary lines, plus a PEM key block and a raw env secret. */
    public static Arbitrary<Planted> planted() {
        Arbitrary<List<Line>> all = Combinators.combine(formats()).as(ls -> ls);
        Arbitrary<List<String>> pemBody = Arbitraries.strings().withChars((ALNUM + "+/").toCharArray())
                .ofLength(64).list().ofMinSize(2).ofMaxSize(5);
        Arbitrary<String> envSecret = chars(ALNUM, 12, 20).map(s -> "Env" + s);
        return Combinators.combine(all, pemBody, envSecret).as((lines, body, env) -> {
            List<String> log = new ArrayList<>();
            List<String> secrets = new ArrayList<>();
            log.add("2024-05-01T10:00:00Z INFO starting app");
            for (Line l : lines) {
                log.add(l.line());
                secrets.add(l.secret());
            }
            log.add("ERROR loading TLS key failed:");
            log.add("-----BEGIN RSA PRIVATE KEY-----");
            log.addAll(body);
            secrets.addAll(body);
            log.add("-----END RSA PRIVATE KEY-----");
            log.add("fatal: upstream said the key " + env + " is revoked");
            log.add("FATAL:  password authentication failed for user \"app\"");
            return new Planted(List.copyOf(log), List.copyOf(secrets), env);
        });
    }

    /** The secrets of {@code p} found in {@code text} (the env one too when {@code withEnv}): none, or the test fails with them. */
    public static List<String> survivors(Planted p, String text, boolean withEnv) {
        List<String> all = new ArrayList<>(p.secrets());
        if (withEnv) {
            all.add(p.envSecret());
        }
        return all.stream().filter(text::contains).toList();
    }
}
