package io.dockmedic.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Env files as Compose reads them; problems name file:line and never a value. */
class EnvFileTest {
    private static final String TEXT = String.join("\n",
            "\uFEFF# comment",
            "",
            "PLAIN=value",
            "  SPACED = spaced value   ",
            "export EXPORTED=yes",
            "INLINE=abc # a comment",
            "HASH=abc#not-a-comment",
            "SINGLE='literal ${PLAIN} # kept'",
            "DOUBLE=\"a\\nb \\\"q\\\" ${PLAIN} \\$PLAIN\"",
            "REF=${PLAIN}-${FROM_SHELL:-d}",
            "BARE_FROM_SHELL",
            "BARE_UNSET",
            "EMPTY=",
            "CRLF=ok\r",
            "URL=postgresql://u:p%40ss@db:5432/app");

    private static Map<String, String> values(EnvFile f) {
        return f.entries().values().stream().filter(e -> e.value() != null)
                .collect(Collectors.toMap(EnvFile.Entry::name, EnvFile.Entry::value));
    }

    @Test
    void readsEveryFormCompose() {
        EnvFile f = EnvFile.parse(".env", TEXT, Map.of("BARE_FROM_SHELL", "from shell", "FROM_SHELL", "s")::get);
        assertEquals(java.util.List.of(), f.problems());
        Map<String, String> v = values(f);
        assertEquals("value", v.get("PLAIN"));
        assertEquals("spaced value", v.get("SPACED"));
        assertEquals("yes", v.get("EXPORTED"));
        assertEquals("abc", v.get("INLINE"));
        assertEquals("abc#not-a-comment", v.get("HASH"));
        assertEquals("literal ${PLAIN} # kept", v.get("SINGLE"));
        assertEquals("a\nb \"q\" value $PLAIN", v.get("DOUBLE"));
        assertEquals("value-s", v.get("REF"));
        assertEquals("from shell", v.get("BARE_FROM_SHELL"));
        assertNull(f.entries().get("BARE_UNSET").value());
        assertEquals("", v.get("EMPTY"));
        assertEquals("ok", v.get("CRLF"));
        assertEquals(3, f.entries().get("PLAIN").line());
        assertEquals(15, f.entries().get("URL").line());
    }

    @Test
    void badLinesAreProblemsWithTheirLineAndWithoutTheValue() {
        EnvFile f = EnvFile.parse(".env.prod", String.join("\n",
                "OK=Secret-ok-value",
                "DATABASE URL=postgresql://u:Secret123@db/app",
                "API_KEY=\"sk-unterminated-Secret123",
                "TOKEN='Secret123' trailing",
                "BAD=${Secret123",
                "just some words",
                "postgresql://u:Secret123@db/app?sslmode=require",
                "  Secret123 pass=x"), n -> null);
        String badName = "the variable name has a character other than letters, digits, _ . and - (or starts with a digit)";
        assertEquals(java.util.List.of(
                ".env.prod:2:9: " + badName,
                ".env.prod:3: API_KEY: has no closing double quote (multi-line values are not supported)",
                ".env.prod:4: TOKEN: has text after the closing quote",
                ".env.prod:5: BAD: has an invalid ${...} reference",
                ".env.prod:6: is not a KEY=value line",
                ".env.prod:7:11: " + badName,
                ".env.prod:8:12: " + badName), f.problems().stream().map(Object::toString).toList());
        assertFalse(f.problems().toString().contains("Secret123"));
        assertFalse(f.entries().toString().contains("Secret"), "entries never print values");
    }
}
