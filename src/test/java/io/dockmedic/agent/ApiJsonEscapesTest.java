package io.dockmedic.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.diagnosis.Report;
import io.dockmedic.diagnosis.TemplateClusters;
import io.dockmedic.state.Trigger;
import io.dockmedic.text.Printable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JSON of {@code /api/v1/diagnoses} and {@code /api/v1/unclassified} writes C1 controls, ESC and
 * bidi overrides of container names and log lines as {@code \\u} escapes, like the CLI's reports
 * (one shared writer, text.SafeJson): a terminal that shows the JSON shows them as text.
 */
class ApiJsonEscapesTest {
    private static final String HOSTILE = "app\u202Egnp.exe\u001B[2J\u0085x";

    private static void assertEscaped(String json) {
        assertEquals(0, json.codePoints().filter(Printable::unsafe).count(), json);
        assertTrue(json.contains("\\u202e") || json.contains("\\u202E"), json);
        assertTrue(json.contains("\\u001b") || json.contains("\\u001B"), json);
        assertTrue(json.contains("\\u0085"), json);
    }

    @Test
    void diagnosesEscapeNamesAndLines() {
        Report r = new Report(HOSTILE, "abc123", "proj" + "\u0085", "svc", Trigger.UNHEALTHY, List.of(),
                List.of("ERROR " + HOSTILE), "sig", 0, Instant.parse("2026-01-01T00:00:00Z"));
        String json = DiagnosesApi.json(List.of(r), List.of(r), Map.of());
        assertEscaped(json);
        assertEquals(1, json.lines().count(), "one line, as before");
    }

    @Test
    void unclassifiedEscapesLines() throws Exception {
        TemplateClusters clusters = new TemplateClusters(10);
        clusters.add("ERROR frobnicator failed " + HOSTILE, Instant.parse("2026-01-01T00:00:00Z"));
        String json = TemplateClusters.json(clusters.top(10));
        assertEscaped(json);
        assertTrue(TemplateClusters.parse(json).get(0).example().contains("\u202Egnp.exe"), "read back as written");
    }
}
