package io.dockmedic.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The secret formats that leaked before (and gitleaks' token prefixes), the PEM block, and linear time. */
class RedactorFormatsTest {

    /** Input line | the secret that must not survive | the expected output. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        DB_PASS=Hunter2xyz connecting                                   | Hunter2xyz       | DB_PASS=*** connecting
        MYSQL_PW=Hunter2xyz                                             | Hunter2xyz       | MYSQL_PW=***
        redis.pass: Hunter2xyz                                          | Hunter2xyz       | redis.pass: ***
        SECRET_KEY_BASE=9f8e7d6c5b4a39281706f5e4d3c2b1a0                | 9f8e7d6c5b4a3928 | SECRET_KEY_BASE=***
        secret_key = Hunter2xyz                                         | Hunter2xyz       | secret_key = ***
        Authorization: Token Hunter2xyz                                 | Hunter2xyz       | Authorization: Token ***
        Authorization: Basic YTpi                                       | YTpi             | Authorization: Basic ***
        Authorization: Hunter2xyz                                       | Hunter2xyz       | Authorization: ***
        "proxy-authorization": "Digest u=Hunter2xyz"                    | Hunter2xyz       | "proxy-authorization": "Digest ***"
        aws key AKIAIOSFODNN7EXAMPLE in use                             | IOSFODNN7EXAMPLE | aws key AKIA*** in use
        aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | wJalrXUtnFEMI    | aws_secret_access_key = ***
        got wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY back               | wJalrXUtnFEMI    | got *** back
        push with ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8 failed        | a1B2c3D4e5F6     | push with ghp_*** failed
        GITLAB=glpat-AbCdEf1234567890xYz_ ok                            | AbCdEf1234567890 | GITLAB=glpat-*** ok
        slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOp refused  | AbCdEfGhIjKlMnOp | slack xoxb-*** refused
        POST https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX failed | XXXXsecretXXXX | POST https://hooks.slack.com/services/*** failed
        + curl -fsS -u admin:Hunter2xyz http://x/health                  | Hunter2xyz       | + curl -fsS -u admin:*** http://x/health
        mysql -h db -u root -p'Hunter2xyz' -e 'select 1'                | Hunter2xyz       | mysql -h db -u root -p'***' -e 'select 1'
        mysql -uroot -pHunter2xyz app                                   | Hunter2xyz       | mysql -uroot -p*** app
        redis-cli -h redis -a Hunter2xyz ping                           | Hunter2xyz       | redis-cli -h redis -a *** ping
        psql --password Hunter2xyz --host db                            | Hunter2xyz       | psql --password *** --host db
        GET / HTTP/1.1 Cookie: session=Hunter2xyz; theme=dark           | Hunter2xyz       | GET / HTTP/1.1 Cookie: ***
        "Set-Cookie: sid=Hunter2xyz; HttpOnly" sent                    | Hunter2xyz       | "Set-Cookie: ***" sent
        连接失败 密码=Hunter2xyz                                          | Hunter2xyz       | 连接失败 密码=***
        数据库密码：Hunter2xyz                                            | Hunter2xyz       | 数据库密码：***
        数据库密码：Hunter2xyz，请检查配置                                  | Hunter2xyz       | 数据库密码：***，请检查配置
        {"db_pass": "Hunter2xyz", "user": "app"}                        | Hunter2xyz       | {"db_pass": "***", "user": "app"}
        postgres://app:p@ss@w0rd@db:5432/app refused                    | ss@w0rd          | postgres://app:***@db:5432/app refused
        postgres://app:pa/ss@db/app                                     | pa/ss            | postgres://app:***@db/app
        http://localhost:8080/users/me@example.com                      | zzzz             | http://localhost:8080/users/me@example.com
        key sk_live_4eC39HqLyjWDarjtT1zdp7dc                            | 4eC39HqLyjWDarjt | key sk_live_***
        AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q                          | SyA1b2C3d4E5f6G7 | AIza***
        using sk-ant-api03-AbCdEfGhIjKlMnOpQrSt now                      | AbCdEfGhIjKlMnOp | using sk-*** now
        npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 denied                 | AbCdEfGhIjKlMnOp | npm_*** denied
        pypi-AgEIcHlwaS5vcmcCJGFiY2RlZmdoLWlqa2wtbW5vcC1xcnN0LXV2d3h5ejAx | AgEIcHlwaS5vcmcC | pypi-***
        SG.abcdefghijklmnopqrstuv.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg | abcdefghijklmnop | SG.***
        twilio SK0123456789abcdef0123456789abcdef                       | 0123456789abcdef | twilio SK***
        jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl rejected  | c2lnbmF0dXJl     | jwt *** rejected
        heroku HRKU-AAtQ5VgYydlVpF1q8XLjMLLeSKHg3_R8aXxy                | AAtQ5VgYydlVpF1q | heroku HRKU-***
        do dop_v1_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | 0123456789abcdef | do dop_v1_***
        vault hvs.CAESIAbCdEfGhIjKlMnOpQrStUvWxYz                        | CAESIAbCdEfGhIjK | vault hvs.***
        docker login dckr_pat_AbCdEfGhIjKlMnOpQrStUv                    | AbCdEfGhIjKlMnOp | docker login dckr_pat_***
        github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz       | 0123456789_abcde | github_pat_***
        """)
    void formatsThatLeakedBeforeAreMasked(String in, String secret, String expected) {
        String out = Redactor.generic().redact(in);
        assertFalse(out.contains(secret), in + " -> " + out);
        assertEquals(expected, out);
    }

    /** Lines that look a little like secrets but are not stay as they are (they are what a diagnosis needs). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        at org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:346)
        basic authentication failed for user app
        docker run -u 1000:1000 -p 8080:80 app
        KeyError: 'NEWS_API_KEY'
        ERROR authorization: denied for user app
        Error saving credentials: error storing credentials - err: exec: "docker-credential-pass": executable file not found in $PATH
        open /var/lib/postgresql/data/pg_wal/000000010000000000000001: no such file
        -----BEGIN CERTIFICATE----- is not a key
        """)
    void lookalikesStay(String in) {
        assertEquals(in, Redactor.generic().redact(in));
    }

    @Test
    void aPrivateKeyBlockIsMaskedOverItsLines() {
        List<String> lines = List.of(
                "loading key:",
                "-----BEGIN RSA PRIVATE KEY-----",
                "MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2Alpha",
                "bodyLineTwo+Zm9vYmFy",
                "tail",
                "-----END RSA PRIVATE KEY-----",
                "key loaded", "inline -----BEGIN PRIVATE KEY-----MIIBVgIBADANsecretBody-----END PRIVATE KEY----- done");
        List<String> out = Redactor.generic().redactAll(lines);
        assertEquals(List.of("loading key:", "-----BEGIN RSA PRIVATE KEY-----", "***", "***", "***",
                "-----END RSA PRIVATE KEY-----", "key loaded",
                "inline -----BEGIN PRIVATE KEY-----***-----END PRIVATE KEY----- done"), out);
    }

    @Test
    void aSessionCarriesAnOpenBlockToTheNextLine() {
        Redactor.Session s = Redactor.generic().session();
        assertEquals("x -----BEGIN EC PRIVATE KEY-----***", s.redact("x -----BEGIN EC PRIVATE KEY-----abc"));
        assertEquals("***", s.redact("plainbody"));
        assertEquals("***-----END EC PRIVATE KEY-----", s.redact("last-----END EC PRIVATE KEY-----"));
        assertEquals("after", s.redact("after"));
    }

    @Test
    void multiLineSecretValuesAreMaskedLineByLine() {
        Redactor r = Redactor.forEnv(java.util.Map.of("JWT_PRIVATE_KEY", "-----BEGIN KEY-----\nline-one-of-key\nline-two-of-key\n-----END KEY-----"));
        assertEquals("got ***", r.redact("got line-two-of-key"));
    }

    /** Access logs are attacker-made: 200 lines of 8 KB took 27 s of CPU with the backtracking patterns. */
    @Test
    void redactionIsLinearOnHostileLines() {
        List<String> hostile = new ArrayList<>();
        hostile.add("GET /" + "KEYS".repeat(2048));
        hostile.add("GET /" + "password:".repeat(910));
        hostile.add("GET /" + "://a:b@".repeat(1170));
        hostile.add("GET /" + "a/".repeat(4096));
        hostile.add("GET /" + "bearer a-".repeat(910));
        hostile.add("GET /" + "cookie:".repeat(1170));
        hostile.add("GET /" + "-u ".repeat(2730) + " curl");
        hostile.add("GET /" + "x=\"".repeat(2730));
        hostile.add("GET /" + "Authorization:".repeat(585));
        hostile.add("GET /" + "ghp_".repeat(2048));
        hostile.add("GET /" + "-----BEGIN PRIVATE KEY-----".repeat(300));
        // warm up first, so that the bound is on the work and not on the JIT (a noisy machine needs a few rounds);
        // the backtracking patterns spent 27 s on the first 200 lines alone
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 2000; i++) {
                Redactor.generic().redact(hostile.get(0));
            }
            for (int i = 0; i < 20; i++) {
                hostile.forEach(Redactor.generic()::redact);
            }
        });
        assertTimeoutPreemptively(Duration.ofMillis(500), () -> {
            for (int i = 0; i < 200; i++) {
                Redactor.generic().redact(hostile.get(0));
            }
        });
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> { // 2,200 lines of 8 KB: about 0.7 s on an idle machine
            for (String line : hostile) {
                for (int i = 0; i < 200; i++) {
                    Redactor.generic().redact(line);
                }
            }
        });
    }
}
