package io.dockmedic.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The strict parser of control request files and the request ids that become file names. */
class ControlRequestTest {
    private static ControlRequest parse(String json) throws ControlRequest.BadRequest {
        return ControlRequest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theThreeRequests() throws Exception {
        assertEquals(new ControlRequest.Rearm("shop/app"), parse("{\"command\":\"rearm\",\"service\":\"shop/app\"}"));
        assertEquals(Optional.of(Duration.ofMinutes(30)), ((ControlRequest.Pause) parse("{\"command\":\"pause\",\"for\":\"30m\"}")).duration());
        assertEquals(new ControlRequest.Pause(null), parse("{\"command\":\"pause\"}"));
        assertEquals(new ControlRequest.Resume(), parse(" {\"command\":\"resume\"}\n"));
        for (ControlRequest r : new ControlRequest[] {new ControlRequest.Rearm("app"), new ControlRequest.Pause("2h"),
                new ControlRequest.Pause(null), new ControlRequest.Resume()}) {
            assertEquals(r, parse(r.toJson().toString()), "round trip");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"command\":\"rearm\"}|field \"service\": missing",
            "{\"command\":\"rearm\",\"service\":7}|field \"service\": not a string",
            "{\"command\":\"rearm\",\"service\":\"../../etc\"}|field \"service\": must be a service name",
            "{\"command\":\"rearm\",\"service\":\"a\\u001b[2Jb\"}|field \"service\": must be a service name",
            "{\"command\":\"pause\",\"for\":\"forever-sk-secret\"}|field \"for\": is not a duration",
            "{\"command\":\"pause\",\"for\":\"999999999h\"}|field \"for\": must be at most 366 days",
            "{\"command\":\"resume\",\"for\":\"1m\"}|1 unknown field(s) (allowed: command)",
            "{\"command\":\"resume\",\"command\":\"pause\"}|not valid JSON at line 1",
            "{\"command\":\"resume\"} {}|not valid JSON at line 1",
            "{\"command\":\"shutdown-sk-secret\"}|field \"command\": not one of rearm, pause, resume",
            "[\"resume\"]|not a JSON object",
            "null|not a JSON object",
            "''|not a JSON object",
            "{\"command\":true}|field \"command\": missing or not a string",
            "{\"command\":\"rearm\",\"service\":\"app\"|not valid JSON at line 1"})
    void badRequestsNameTheFieldNotTheValue(String json, String message) {
        ControlRequest.BadRequest e = assertThrows(ControlRequest.BadRequest.class, () -> parse(json));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertFalse(e.getMessage().contains("secret") || e.getMessage().contains("etc"), e.getMessage());
    }

    @Test
    void aRequestOverTheCapIsNotParsed() {
        byte[] big = ("{\"command\":\"resume\"}" + " ".repeat(ControlRequest.MAX_BYTES)).getBytes(StandardCharsets.UTF_8);
        ControlRequest.BadRequest e = assertThrows(ControlRequest.BadRequest.class, () -> ControlRequest.parse(big));
        assertEquals("larger than 4096 bytes", e.getMessage());
    }

    @Test
    void onlyNamesTheCliMakesAreRequestIds() {
        RequestId id = RequestId.next();
        assertEquals(Optional.of(id), RequestId.ofRequestFile(id.requestFile()));
        for (String name : new String[] {"req-../x.json", "req-1700000000000-0000000/.json", "req-1700000000000-0000000G.json",
                "req-1700000000000-00000000.json.tmp", "tmp-1700000000000-00000000", "req-1700000000000-00000000.ack",
                "req-17-00000000.json", "req-1700000000000-00000000\n.json"}) {
            assertEquals(Optional.empty(), RequestId.ofRequestFile(name), name);
        }
        assertThrows(IllegalArgumentException.class, () -> new RequestId("../../etc/passwd"));
    }

    /** Any bytes and any JSON-ish text: a request or a BadRequest, nothing else (no NPE, no ClassCastException). */
    @net.jqwik.api.Property(tries = 300)
    void anyBytesAreARequestOrABadRequest(@net.jqwik.api.ForAll byte[] bytes) {
        try {
            ControlRequest.parse(bytes);
        } catch (ControlRequest.BadRequest e) {
            assertFalse(e.getMessage().isEmpty());
        }
    }

    @net.jqwik.api.Property(tries = 300)
    void anyFieldValuesAreARequestOrABadRequest(@net.jqwik.api.ForAll("commands") String command,
                                                 @net.jqwik.api.ForAll String service, @net.jqwik.api.ForAll String duration) {
        String json = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("command", command)
                .put(command.equals("rearm") ? "service" : "for", command.equals("rearm") ? service : duration).toString();
        try {
            ControlRequest r = parse(json);
            assertEquals(r, parse(r.toJson().toString()));
        } catch (ControlRequest.BadRequest e) {
            assertTrue(e.getMessage().startsWith("field \"") || e.getMessage().startsWith("1 unknown field"), e.getMessage());
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> commands() {
        return net.jqwik.api.Arbitraries.of("rearm", "pause", "resume", "other");
    }
}
