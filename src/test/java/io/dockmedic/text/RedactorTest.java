package io.dockmedic.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        postgresql://app:MyDbPass123@postgres:5432/app             | postgresql://app:***@postgres:5432/app
        redis://:hunter2secret@redis:6379/0                        | redis://:***@redis:6379/0
        POSTGRES_PASSWORD=MyDbPass123                              | POSTGRES_PASSWORD=***
        export DASHSCOPE_API_KEY=sk-abcdef0123456789abcdef         | export DASHSCOPE_API_KEY=***
        {"password": "p@ss w0rd", "user": "u"}                    | {"password": "***", "user": "u"}
        DB_PASSWORD='it is secret' ok                              | DB_PASSWORD='***' ok
        client_secret: abc123xyz                                   | client_secret: ***
        Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl | Authorization: Bearer ***
        using key sk-proj-AbCdEfGhIjKlMnOpQrStUv now               | using key sk-*** now
        FATAL:  password authentication failed for user "postgres" | FATAL:  password authentication failed for user "postgres"
        KeyError: 'NEWS_API_KEY'                                   | KeyError: 'NEWS_API_KEY'
        Found 0 errors. Watching for file changes.                 | Found 0 errors. Watching for file changes.
        """)
    void genericPatterns(String in, String expected) {
        assertEquals(expected, Redactor.generic().redact(in));
    }

    /** Values that cannot be secrets keep their meaning; everything else after a secret-looking name is masked. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        token: 401 Unauthorized                                    | token: 401 Unauthorized
        refresh token: 500 Internal Server Error                   | refresh token: 500 Internal Server Error
        failed to fetch oauth token: unexpected status             | failed to fetch oauth token: unexpected status
        Access denied for user 'root'@'172.18.0.3' (using password: YES) | Access denied for user 'root'@'172.18.0.3' (using password: YES)
        Access denied for user 'app'@'%' (using password: NO)      | Access denied for user 'app'@'%' (using password: NO)
        api_key: null                                              | api_key: null
        SECRET_KEY=false                                           | SECRET_KEY=false
        {"password": "", "user": "u"}                             | {"password": "", "user": "u"}
        password=*** already masked                                | password=*** already masked
        OPENAI_API_KEY: not set                                    | OPENAI_API_KEY: not set
        invalid token: expired signature                           | invalid token: expired signature
        token=401                                                  | token=***
        token: 401                                                 | token: ***
        password: hunter2 is wrong                                 | password: *** is wrong
        password: letmein failed                                   | password: *** failed
        client_secret: expired                                     | client_secret: ***
        (using password: s3cr3t)                                   | (using password: ***
        PASSWORD=not set                                           | PASSWORD=*** set
        {"password": "true story", "user": "u"}                   | {"password": "***", "user": "u"}
        PASSWORD=Unauthorized                                      | PASSWORD=***
        github token: ghp_abcdefgh1234 for push                    | github token: *** for push
        """)
    void valuesThatCannotBeSecretsKeepTheirMeaning(String in, String expected) {
        assertEquals(expected, Redactor.generic().redact(in));
    }

    @Test
    void aSecretIsMaskedInEveryPositionOfTheLine() {
        for (String v : List.of("hunter2", "YES-but-not-really", "401x", "Unauthorized1", "the")) {
            for (String line : List.of("password=" + v, "password: " + v, "DB_PASSWORD='" + v + "'",
                    "x password=" + v + " y")) {
                String out = Redactor.generic().redact(line);
                assertFalse(out.matches(".*[=:] ?'?" + java.util.regex.Pattern.quote(v) + "\\b.*"), line + " -> " + out);
            }
        }
    }
    @Test
    void containerSecretsAreMaskedWhereverTheyAppear() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("POSTGRES_PASSWORD", "MyDbPass123");
        env.put("DATABASE_URL", "postgresql://app:0therPass!@postgres:5432/app");
        env.put("DASHSCOPE_API_KEY", "dk-live-0123456789");
        env.put("APP_ENV", "production");
        Redactor r = Redactor.forEnv(env);
        String line = "connecting as app with MyDbPass123 / 0therPass! key=dk-live-0123456789 in production";
        String out = r.redact(line);
        assertFalse(out.contains("MyDbPass123"), out);
        assertFalse(out.contains("0therPass!"), out);
        assertFalse(out.contains("dk-live-0123456789"), out);
        assertEquals("connecting as app with *** / *** key=*** in production", out);
    }

    @Test
    void shortOrEmptyValuesAreNotTreatedAsSecrets() {
        Redactor r = Redactor.forEnv(Map.of("DB_PASS", "x", "API_TOKEN", ""));
        assertEquals("x marks the spot", r.redact("x marks the spot"));
    }
}
