package io.dockmedic.notify;

import static io.dockmedic.notify.Reports.T0;
import static io.dockmedic.notify.Reports.dependencyDown;
import static io.dockmedic.notify.Reports.passwordRejected;
import static io.dockmedic.notify.Reports.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.rules.Lang;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncidentsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final Incidents incidents = new Incidents(new MessageText(Lang.EN, Optional.empty()), WAIT, Duration.ofHours(1));

    private static List<String> titles(List<Message> ms) {
        return ms.stream().map(m -> m.kind().id() + " " + m.body().title()).toList();
    }

    @Test
    void oneMessagePerNewDiagnosisAfterTheGroupWaitAndOneWhenItClears() {
        incidents.diagnosed("db", report("db", "postgres", passwordRejected(), null), T0);
        assertEquals(List.of(), incidents.due(T0.plusSeconds(9)));
        assertEquals(List.of("diagnosis [CRITICAL] shop/postgres: PostgreSQL rejects the password"),
                titles(incidents.due(T0.plus(WAIT))));
        incidents.diagnosed("db", report("db", "postgres", passwordRejected(), null), T0.plusSeconds(40)); // refresh
        assertEquals(List.of(), incidents.due(T0.plusSeconds(60)));
        assertEquals("resolved [RESOLVED] shop/postgres: PostgreSQL rejects the password",
                incidents.cleared("db", false).map(m -> m.kind().id() + " " + m.body().title()).orElseThrow());
        assertEquals(Optional.empty(), incidents.cleared("db", false));
    }

    @Test
    void aRootAndItsSymptomsAreOneMessageWhateverTheOrder() {
        incidents.diagnosed("app", report("app", "app", dependencyDown(), null), T0);
        incidents.diagnosed("worker", report("worker", "worker", dependencyDown(), "postgres"), T0.plusSeconds(2));
        incidents.diagnosed("db", report("db", "postgres", passwordRejected(), null), T0.plusSeconds(3));
        // the Correlator re-marks app once postgres is diagnosed; the pipeline passes that on
        incidents.diagnosed("app", report("app", "app", dependencyDown(), "postgres"), T0.plusSeconds(3));
        incidents.diagnosed("nginx", report("nginx", "nginx", dependencyDown(), "postgres"), T0.plusSeconds(5));
        assertEquals(List.of(), incidents.due(T0.plusSeconds(12)), "app waits for its root");
        assertEquals(List.of("diagnosis [CRITICAL] shop: app, worker and nginx fail because postgres: "
                + "PostgreSQL rejects the password"), titles(incidents.due(T0.plusSeconds(13))));
        assertEquals(List.of(), incidents.due(T0.plusSeconds(60)));
        assertEquals(Optional.empty(), incidents.cleared("app", false), "a symptom's clearing is not told");
        assertTrue(incidents.cleared("db", false).isPresent());
    }

    @Test
    void aSymptomOfARootToldEarlierIsNotToldAgain() {
        incidents.diagnosed("db", report("db", "postgres", passwordRejected(), null), T0);
        assertEquals(1, incidents.due(T0.plus(WAIT)).size());
        incidents.diagnosed("app", report("app", "app", dependencyDown(), "postgres"), T0.plusSeconds(30));
        assertEquals(List.of(), incidents.due(T0.plusSeconds(60)));
    }

    @Test
    void theSameCauseAgainWithinTheWindowIsNotResentNorItsClearing() {
        incidents.diagnosed("db", report("db", "postgres", passwordRejected(), null), T0);
        assertEquals(1, incidents.due(T0.plus(WAIT)).size());
        assertTrue(incidents.cleared("db", false).isPresent());
        incidents.diagnosed("db2", report("db2", "postgres", passwordRejected(), null), T0.plusSeconds(120));
        assertEquals(List.of(), incidents.due(T0.plusSeconds(200)));
        assertEquals(Optional.empty(), incidents.cleared("db2", true));
        incidents.diagnosed("db3", report("db3", "postgres", passwordRejected(), null), T0.plus(Duration.ofMinutes(70)));
        assertEquals(1, incidents.due(T0.plus(Duration.ofMinutes(71))).size(), "after the window it is told again");
    }

    @Test
    void aChangedCauseIsANewDiagnosis() {
        incidents.diagnosed("app", report("app", "app", dependencyDown(), null), T0);
        assertEquals(1, incidents.due(T0.plus(WAIT)).size());
        incidents.diagnosed("app", report("app", "app", passwordRejected(), null), T0.plusSeconds(30));
        assertEquals(List.of("diagnosis [CRITICAL] shop/app: PostgreSQL rejects the password"),
                titles(incidents.due(T0.plusSeconds(40))));
    }

    @Test
    void clearedBeforeItWasToldSaysNothing() {
        incidents.diagnosed("db", report("db", "postgres", passwordRejected(), null), T0);
        assertEquals(Optional.empty(), incidents.cleared("db", false));
        assertEquals(List.of(), incidents.due(T0.plusSeconds(60)));
    }

    @Test
    void flushAtStopSendsWhatWaits() {
        incidents.diagnosed("db", report("db", "postgres", passwordRejected(), null), T0);
        assertEquals(1, incidents.flush(T0).size());
    }
}
