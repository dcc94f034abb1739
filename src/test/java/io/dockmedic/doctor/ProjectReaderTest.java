package io.dockmedic.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectReaderTest {
    private static final Path COMPOSE = CheckFixtures.ROOT.resolve("project-reader/compose.yaml");

    @Test
    void eachServiceReceivesItsEnvFilesOverriddenByItsEnvironment() throws IOException {
        ProjectReader reader = new ProjectReader(Map.of("FROM_SHELL", "shell-value"));
        Project p = reader.read(null, COMPOSE); // .env beside the compose file is the default, as in Compose
        assertEquals(CheckFixtures.ROOT.resolve("project-reader/.env").toAbsolutePath().toString(), p.envName());
        Map<String, Var> app = p.serviceEnv().get("app");
        // a pass-through of a set project variable is attributed to where that variable is defined
        assertEquals(".env:2", Path.of(app.get("POSTGRES_PASSWORD").where()).getFileName().toString());
        assertEquals("env-Secret", app.get("POSTGRES_PASSWORD").value());
        assertEquals("prefix-1.0", app.get("MIXED").value());
        assertEquals("compose.yaml:15", Path.of(app.get("MIXED").where()).getFileName().toString());
        assertEquals(new Var("FROM_SHELL", "shell-value", "shell environment", 0), app.get("FROM_SHELL"));
        assertEquals("shop", app.get("DB_NAME").value());
        assertEquals("db-file-Secret", p.serviceEnv().get("db").get("POSTGRES_PASSWORD").value());
        // a missing required env_file is reported with its interpolated path; an optional one is not
        assertEquals(List.of("env-file-missing compose.yaml:11"), CheckFixtures.places(reader.findings()));
        assertTrue(reader.findings().get(0).message().en().contains("missing-1.0.env"), reader.findings().get(0).message().en());
        assertTrue(reader.secrets().values().containsAll(List.of("env-Secret", "db-file-Secret", "literal-Secret")), reader.secrets().keySet().toString());
        assertTrue(reader.secrets().values().stream().noneMatch(v -> v.contains("${")), reader.secrets().toString());
    }

    @Test
    void anInvalidComposeFileIsReportedAndLeftOut() throws IOException {
        ProjectReader reader = new ProjectReader(Map.of());
        Project p = reader.read(CheckFixtures.ROOT.resolve("project-reader/.env"), CheckFixtures.ROOT.resolve("project-reader/db.env"));
        assertNull(p.compose());
        assertEquals("compose-file-invalid", reader.findings().get(0).id());
        assertEquals(List.of(""), List.copyOf(p.receivers().keySet()));
    }

    @Test
    void urlPasswordsAreSecretsEvenWhenPutTogetherByInterpolation() throws IOException {
        ProjectReader reader = new ProjectReader(Map.of("PW", "Joined-Secret"));
        reader.read(null, CheckFixtures.ROOT.resolve("project-reader/url.yaml"));
        assertTrue(reader.secrets().containsValue("Joined-Secret"), reader.secrets().toString());
    }
}
