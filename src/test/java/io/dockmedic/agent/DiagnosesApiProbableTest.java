package io.dockmedic.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.diagnosis.Probable;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.rules.Category;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/diagnoses} carries the fallback's guess apart from the (empty) diagnoses. */
class DiagnosesApiProbableTest {
    @Test
    void anUnclassifiedReportShowsItsProbableCause() throws Exception {
        Report r = new Report("demo-app-1", "abc", "demo", "app", io.dockmedic.state.Trigger.UNHEALTHY, List.of(), List.of("Login failed for user 'sa'"),
                "1234abcd", 0, Instant.parse("2026-01-01T00:00:00Z"), null,
                new Probable(Category.DB_AUTH, 0.5, "Login failed for user 'sa'"));
        JsonNode body = new ObjectMapper().readTree(DiagnosesApi.json(List.of(r), List.of(), Map.of()));
        JsonNode report = body.path("active").get(0);
        assertEquals(0, report.path("diagnoses").size());
        assertEquals("db-auth", report.path("unclassified").path("probable").path("category").asText());
        assertEquals(0.5, report.path("unclassified").path("probable").path("confidence").asDouble());
        assertEquals("Login failed for user 'sa'", report.path("unclassified").path("probable").path("evidence").asText());
    }
}
