package io.dockmedic.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Events of the engine's stream (JSON as the engine sends it) to {@link EngineEvent}, and the request for them. */
class EngineEventJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EngineEvent event(String json) throws Exception {
        return EngineEventStream.toEvent(JSON.readTree(json.replace('\'', '"')));
    }

    @Test
    void aHealthEventWithItsAttributesAndNanosecondTime() throws Exception {
        EngineEvent e = event("{'status':'health_status: unhealthy','id':'abc','from':'busybox','Type':'container',"
                + "'Action':'health_status: unhealthy','Actor':{'ID':'abc','Attributes':{'name':'app','image':'busybox'}},"
                + "'scope':'local','time':1700000000,'timeNano':1700000000123456789}");
        assertEquals("abc", e.id());
        assertEquals("health_status: unhealthy", e.action());
        assertEquals(Map.of("name", "app", "image", "busybox"), e.attributes());
        assertEquals(1_700_000_000_123_456_789L, e.timeNanos());
    }

    @Test
    void anOlderEngineSaysStatusAndSecondsOnly() throws Exception {
        EngineEvent e = event("{'status':'die','id':'abc','time':1700000000}");
        assertEquals("die", e.action());
        assertEquals(Map.of(), e.attributes());
        assertEquals(1_700_000_000_000_000_000L, e.timeNanos());
    }

    @Test
    void theRequestFiltersContainerEventsOfTheWatchedActionsFromSinceUntilUntil() {
        String path = EngineEventStream.path(EngineDialect.DOCKER, 1_500_000_000_000_000_123L, 1_600_000_000_000_000_000L);
        assertEquals("/events?since=1500000000.000000123&until=1600000000.000000000&filters="
                + "{\"type\":[\"container\"],\"event\":[\"health_status\",\"die\",\"oom\",\"start\",\"restart\",\"destroy\",\"kill\"]}",
                URLDecoder.decode(path, StandardCharsets.UTF_8));
        assertEquals("/events?filters=", EngineEventStream.path(EngineDialect.DOCKER, 0, 0).substring(0, 16));
    }
}
