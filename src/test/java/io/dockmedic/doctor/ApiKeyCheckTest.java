package io.dockmedic.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeyCheckTest {
    private final ApiKeyCheck check = new ApiKeyCheck();

    @Test
    void keysTheServicesReceive() throws IOException {
        assertEquals(List.of("dashscope-api-key-missing .env:1", "dashscope-api-key-placeholder compose.yaml:11",
                        "api-key-placeholder compose.yaml:6", "api-key-placeholder .env:2"),
                CheckFixtures.places(check.check(CheckFixtures.project("api-keys", ".env", "compose.yaml"))));
    }

    @Test
    void aKeyTheEnvFileSetsButNoServiceReceives() throws IOException {
        assertEquals(List.of("dashscope-api-key-not-passed .env.real:1"),
                CheckFixtures.places(check.check(CheckFixtures.project("api-keys", ".env.real", "not-passed.yaml"))));
    }

    @Test
    void anEnvFileAlone() throws IOException {
        assertEquals(List.of("dashscope-api-key-missing .env:1", "api-key-placeholder .env:2", "api-key-placeholder .env:2"),
                CheckFixtures.places(check.check(CheckFixtures.project("api-keys", ".env", null))));
        assertEquals(List.of(), check.check(CheckFixtures.project("api-keys", ".env.real", null)));
    }
}
