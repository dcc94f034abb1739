package io.dockmedic.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolationCheckTest {
    private final InterpolationCheck check = new InterpolationCheck();

    @Test
    void unsetVariablesAndBrokenReferencesAreFoundButNotTheDashscopeKey() throws IOException {
        List<Finding> found = check.check(CheckFixtures.project("interpolation", null, "compose.yaml"));
        assertEquals(List.of("env-var-missing compose.yaml:4", "env-var-missing compose.yaml:6", "interpolation-invalid compose.yaml:9"),
                CheckFixtures.places(found));
        assertTrue(found.get(0).message().en().endsWith("; Compose will use an empty string."), found.get(0).message().en());
        assertTrue(found.get(1).message().en().contains("it is required (\"set NEEDED in .env\"), so Compose refuses to start"),
                found.get(1).message().en());
    }

    @Test
    void theShellSetsWhatTheEnvFileDoesNot() throws IOException {
        Project p = CheckFixtures.project("interpolation", null, "compose.yaml", Map.of("MISSING", "x", "NEEDED", "y"));
        assertEquals(List.of("interpolation-invalid compose.yaml:9"), CheckFixtures.places(check.check(p)));
    }

    @Test
    void referencedNamesEveryVariableOnce() throws IOException {
        assertEquals(List.of("DASHSCOPE_API_KEY", "MISSING", "NEEDED", "OPTIONAL", "TAG"),
                List.copyOf(InterpolationCheck.referenced(CheckFixtures.project("interpolation", null, "compose.yaml"))));
    }

    @Test
    void anEnvFileAloneHasNothingToInterpolate() throws IOException {
        assertEquals(List.of(), check.check(CheckFixtures.project("interpolation", ".env", null)));
    }
}
