package io.dockmedic.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresCredentialsCheckTest {
    private final PostgresCredentialsCheck check = new PostgresCredentialsCheck();

    @Test
    void theUrlMustCarryWhatTheDatabaseIsGiven() throws IOException {
        List<Finding> found = check.check(CheckFixtures.project("postgres-credentials", null, "compose.yaml"));
        // FILE_URL: the password comes from a file the doctor does not read
        assertEquals(List.of("postgres-password-mismatch compose.yaml:15", "postgres-user-mismatch compose.yaml:15"),
                CheckFixtures.places(found));
        assertTrue(found.get(1).message().en().contains("shop"), found.get(1).message().en());
        assertTrue(found.stream().noneMatch(f -> f.toString().contains("-Secret")), found.toString());
    }

    @Test
    void anEnvFileAloneIsComparedWithItself() throws IOException {
        assertEquals(List.of("postgres-password-mismatch .env.alone:2"),
                CheckFixtures.places(check.check(CheckFixtures.project("postgres-credentials", ".env.alone", null))));
    }
}
