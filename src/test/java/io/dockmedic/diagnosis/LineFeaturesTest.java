package io.dockmedic.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineFeaturesTest {
    @Test
    void wordsPairsAndShortNumbersLowercased() {
        List<String> f = LineFeatures.of("FATAL: Connection to db:5432 REFUSED");
        assertTrue(f.containsAll(List.of("fatal", "connection", "db", "5432", "refused", "fatal connection", "5432 refused")), f.toString());
    }

    @Test
    void dropsLongIdsAndLongNumbers() {
        List<String> f = LineFeatures.of("container a9c6d0d6a85e exited after 1234567 ms x509");
        assertFalse(f.contains("a9c6d0d6a85e"), f.toString());
        assertFalse(f.contains("1234567"), f.toString());
        assertTrue(f.contains("x509"), f.toString());
    }

    @Test
    void hanTextGivesCharacterPairs() {
        List<String> f = LineFeatures.of("致命错误: 用户认证失败");
        assertTrue(f.containsAll(List.of("致命", "命错", "错误", "认证", "失败")), f.toString());
    }

    @Test
    void aFeatureCountsOncePerLine() {
        // a logger that repeats its name (hz.client_1 ... [hazelcast] ... hazelcast) says nothing more by it
        List<String> f = LineFeatures.of("hz.client_1 [hazelcast] Trying to connect to cluster with name: hazelcast");
        assertEquals(1, f.stream().filter("hazelcast"::equals).count(), f.toString());
        assertEquals(1, f.stream().filter("to"::equals).count(), f.toString());
    }

    @Test
    void identifiersAlsoGiveTheirCamelCaseParts() {
        // java.net.UnknownHostException says "unknown host" to a reader; so its parts say it to the model
        List<String> f = LineFeatures.of("java.net.UnknownHostException: db, tags [startupWarnings], HTTPServer x_connectTimeout");
        assertTrue(f.containsAll(List.of("unknownhostexception", "unknown", "host", "exception", "startup", "warnings",
                "http", "server", "connect", "timeout")), f.toString());
        assertEquals(List.of("connection", "refused", "connection refused"), LineFeatures.of("Connection refused"),
                "a plain word has no parts");
    }

    @Test
    void wellKnownPortsAndHttpErrorStatusesGetAClassToo() {
        List<String> f = LineFeatures.of("dial tcp 10.0.0.7:5433: i/o timeout; redis:6380 down; HTTP 503; kafka:9092; v1.404");
        assertTrue(f.containsAll(List.of("5433", "#port_db", "#port_cache", "#http_5xx", "#port_mq")), f.toString());
        assertFalse(f.contains("#http_4xx"), "a version's part is no status: " + f);
        assertFalse(LineFeatures.of("listening on :8080, 200 OK").stream().anyMatch(x -> x.startsWith("#")));
    }

    @Test
    void aVeryLongLineIsCutBeforeItIsRead() {
        String line = "a".repeat(LineFeatures.MAX_CHARS) + " refused";
        assertFalse(LineFeatures.of(line).contains("refused"));
    }
}
