package io.dockmedic.notify;

import static io.dockmedic.notify.Reports.passwordRejected;
import static io.dockmedic.notify.Reports.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.evidence.Pattern;
import io.dockmedic.evidence.ProbeResult;
import io.dockmedic.evidence.Probes;
import io.dockmedic.evidence.Timeline;
import io.dockmedic.rules.Lang;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A report's timeline (patterns in time, failing probes) reaches the message's evidence and Alertmanager's. */
class TimelineInMessagesTest {

    private static Report flapping() {
        Probes probes = Probes.of(List.of(
                new ProbeResult(Reports.T0, Duration.ofMillis(20), 0, "ok"),
                new ProbeResult(Reports.T0.plusSeconds(5), Duration.ofMillis(20), 1,
                        "probe failed: password=hunter2 rejected")));
        return report("db", "postgres", passwordRejected(), null).withTimeline(Timeline.of(probes,
                List.of(new Pattern.Flapping(5, Duration.ofMinutes(10)))));
    }

    @Test
    void messageEvidenceShowsThePatternAndTheFailingProbeRedacted() {
        Message m = new MessageText(Lang.EN, Optional.empty()).diagnosis(flapping(), List.of());
        String ev = m.body().evidence();
        assertTrue(ev.startsWith("Evidence: "), ev);
        assertTrue(ev.contains("\nFlapping: health changed 5 times in 10m"), ev);
        assertTrue(ev.contains("\nHealth probes failing 1 in a row, last: exit 1 | probe failed:"), ev);
        assertFalse(m.text().contains("hunter2"), m.text());
    }

    @Test
    void aReportWithoutATimelineKeepsItsOneEvidenceLine() {
        Message m = new MessageText(Lang.EN, Optional.empty()).diagnosis(report("db", "postgres", passwordRejected(), null),
                List.of());
        assertFalse(m.body().evidence().contains("\n"), m.body().evidence());
    }

    @Test
    void alertmanagerEvidenceEndsWithTheTimeline() throws Exception {
        Request r = new Alertmanager(URI.create("http://127.0.0.1:9093"), Optional.empty())
                .push(List.of(new Alertmanager.Alert(flapping(), Reports.T0)), List.of(), Reports.T0);
        JsonNode alert = new ObjectMapper().readTree(r.body()).get(0);
        String ev = alert.path("annotations").path("evidence").asText();
        List<String> lines = ev.lines().toList();
        assertEquals(4, lines.size(), ev);
        assertTrue(lines.get(2).startsWith("Flapping: "), ev);
        assertTrue(lines.get(3).startsWith("Health probes failing 1 in a row"), ev);
        assertFalse(ev.contains("hunter2"), ev);
    }
}
