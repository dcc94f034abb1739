package io.dockmedic.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Database and cache URLs split as drivers do it; errors never quote the password. */
class ServiceUrlTest {

    @Test
    void splitsAndDecodes() {
        ServiceUrl u = ServiceUrl.parse("postgresql+asyncpg://ai_assistant:My%40Db%2FPass+1@Postgres:5432/ai?sslmode=disable");
        assertEquals(new ServiceUrl("postgres", "ai_assistant", "My@Db/Pass+1", "postgres", 5432), u);
        assertEquals("postgres://ai_assistant:***@postgres:5432", u.toString());
        assertEquals(new ServiceUrl("redis", "", "pw", "redis", 6379), ServiceUrl.parse("redis://:pw@redis:6379/0"));
        ServiceUrl noAuth = ServiceUrl.parse("rediss://cache.example.com/1");
        assertNull(noAuth.password());
        assertFalse(noAuth.bareName());
        assertEquals("::1", ServiceUrl.parse("mysql://root:x@[::1]:3306/db").host());
        assertEquals(Optional.of("mysql"), ServiceUrl.kind("mariadb://a@b/c"));
        assertEquals(Optional.empty(), ServiceUrl.kind("https://example.com"));
        assertEquals("", ServiceUrl.parse("postgresql:///app?host=/var/run/postgresql").host());
        assertEquals(0, ServiceUrl.parse("redis://redis:6379/0?client_name=a@b").user().length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://localhost:6379/0", "redis://127.0.0.1/0", "postgresql://u:p@[::1]/d", "redis://0.0.0.0:6379"})
    void loopbackIsTheContainerItself(String url) {
        ServiceUrl u = ServiceUrl.parse(url);
        assertTrue(u.loopback());
        assertFalse(u.bareName());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "postgresql://app:Pa@ss-Secret1@db:5432/app",
        "postgresql://app:Pa#ss-Secret1@db:5432/app",
        "postgresql://app:Pa/ss-Secret1@db:5432/app",
        "postgresql://app:Pa?ss-Secret1@db:5432/app",
        "postgresql://app:Pa%zzss-Secret1@db:5432/app",
        "postgresql://app:Secret1@db:54x2/app"})
    void unencodedCharactersAreErrorsThatDoNotQuoteThePassword(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceUrl.parse(url));
        assertFalse(e.getMessage().contains("Secret1"), e.getMessage());
        assertFalse(e.getMessage().contains("ss-"), e.getMessage());
    }
}
