package io.dockmedic.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The API paths we send on the raw HTTP client, as docker-java would have sent them. */
class EnginePathsTest {
    @Test
    void aLabelFilterIsTheEnginesJsonUrlEncoded() {
        String f = ContainerLister.filter("label", "com.docker.compose.project=shop \"x\"");
        assertEquals("{\"label\":[\"com.docker.compose.project=shop \\\"x\\\"\"]}", URLDecoder.decode(f, StandardCharsets.UTF_8));
        assertEquals(-1, f.indexOf('"'), "no raw quote in a query string");
    }

    @Test
    void aLogReadAsksForBothStreamsTheTailAndTheStart() {
        assertEquals("/containers/abc/logs?stdout=1&stderr=1&timestamps=0&tail=200&since=1700000000",
                ContainerLogReader.path("abc", 1_700_000_000L, 200));
        assertEquals("/containers/abc/logs?stdout=1&stderr=1&timestamps=0&tail=5", ContainerLogReader.path("abc", 0, 5));
    }
}
