package io.dockmedic.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceUrlCheckTest {
    @Test
    void localhostUnknownHostsAndInvalidDatabaseUrls() throws IOException {
        List<Finding> found = new ServiceUrlCheck().check(CheckFixtures.project("service-urls", null, "compose.yaml"));
        // host-app uses the host's network: its localhost is the host; an invalid Redis URL is left alone
        assertEquals(List.of("database-url-localhost compose.yaml:7", "redis-url-unknown-host compose.yaml:8",
                "database-url-invalid compose.yaml:9"), CheckFixtures.places(found));
        assertTrue(found.get(1).remedy().en().contains("redis://redis:6379/0"), found.get(1).remedy().en());
        assertFalse(found.toString().contains("p/w"), found.toString());
    }

    @Test
    void anEnvFileAloneIsCheckedForLocalhostOnly() throws IOException {
        assertEquals(List.of("database-url-localhost .env.alone:2"),
                CheckFixtures.places(new ServiceUrlCheck().check(CheckFixtures.project("service-urls", ".env.alone", null))));
    }
}
