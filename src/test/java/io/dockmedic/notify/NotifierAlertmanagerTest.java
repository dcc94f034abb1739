package io.dockmedic.notify;

import static io.dockmedic.notify.Reports.T0;
import static io.dockmedic.notify.Reports.passwordRejected;
import static io.dockmedic.notify.Reports.report;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.MovableClock;
import io.dockmedic.config.Config;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Alertmanager pushes over time: firing at once, re-pushed before endsAt while held, resolved with an endsAt in the past. */
class NotifierAlertmanagerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void firingRefreshedThenResolved() throws Exception {
        // (a clearing right after the diagnosis ends at startsAt: Alertmanager refuses endsAt before startsAt)
        List<Request> sent = Collections.synchronizedList(new ArrayList<>());
        MovableClock clock = new MovableClock(T0);
        Config.Notify config = new Config.Notify(Optional.of(URI.create("http://am.example:9093")), Config.Notify.Language.EN,
                Optional.empty(), List.of());
        Notifier n = Notifier.start(config, new Notifier.Timing(Duration.ofSeconds(10), Duration.ofHours(1),
                        Duration.ofMinutes(1), Duration.ofHours(1)), new TargetLane.Policy(1, Duration.ofMillis(1), 100),
                r -> {
                    sent.add(r);
                    return new Transport.Response(200, Optional.empty());
                }, (t, o) -> { }, clock);
        n.diagnosed("db", report("db", "postgres", passwordRejected(), null));
        n.tickNow(); // not yet a minute: no refresh
        clock.set(T0.plusSeconds(61));
        n.tickNow();
        clock.set(T0.plusSeconds(90));
        n.cleared("db", false);
        n.tickNow(); // nothing firing: nothing to refresh
        n.close(Duration.ofSeconds(20));

        assertEquals(3, sent.size(), sent.toString());
        assertEquals(URI.create("http://am.example:9093/api/v2/alerts"), sent.get(0).uri());
        List<JsonNode> alerts = new ArrayList<>();
        for (Request r : sent) {
            JsonNode list = JSON.readTree(r.body());
            assertEquals(1, list.size());
            alerts.add(list.get(0));
        }
        assertEquals(List.of(T0.toString(), T0.toString(), T0.toString()),
                alerts.stream().map(a -> a.get("startsAt").asText()).toList(), "startsAt stays the first diagnosis");
        assertEquals(List.of(T0.plus(Alertmanager.HOLD), T0.plusSeconds(61).plus(Alertmanager.HOLD), T0.plusSeconds(89)),
                alerts.stream().map(a -> Instant.parse(a.get("endsAt").asText())).toList());
        assertEquals("postgres", alerts.get(2).get("labels").get("service").asText());
    }
}
