package io.dockmedic.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The prefixes of real log lines come off; the message, and lines that only look like prefixes, stay. */
class LogMessageTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`2025-02-11T21:53:10.255049076Z sh: locale: not found`                 | `sh: locale: not found`",
        "`2024-01-02T03:04:05.123456789+00:00 stdout F Killed`                   | `Killed`",
        "`2024-01-02T03:04:05Z stderr P panic: boom`                            | `panic: boom`",
        "`2024/06/22 16:54:59 [emerg] 1#1: host not found`                      | `[emerg] 1#1: host not found`",
        "`[2021-05-31 05:33:43,132] WARN broker down`                           | `WARN broker down`",
        "`[30-Aug-2019 14:48:02] WARNING: [pool www] child 12 exited`           | `WARNING: [pool www] child 12 exited`",
        "`2021-06-06 22:53:33.83 Logon       Error: 18456`                      | `Logon       Error: 18456`",
        "`2018-07-26 16:48:00.231 +02:00 ERROR 57 --- x`                        | `ERROR 57 --- x`",
        "`Jun 05 14:31:04 ip-172-31-38-191 traefik[11827]: level=error`         | `level=error`",
        "`Mar  1 12:00:00 host kernel: Out of memory: Killed process 1`         | `Out of memory: Killed process 1`",
        "`php_1    | [30-Aug-2019 14:48:02] WARNING: child exited`              | `WARNING: child exited`",
        "`mmq-service_1          |        ---> System.Net.Sockets.SocketException` | `---> System.Net.Sockets.SocketException`",
        "`app-1  | 2024-05-01T10:00:00Z Killed`                                 | `Killed`",
        "`   indented line`                                                      | `indented line`",
        // journalctl -o short-iso / short-iso-precise: an ISO time, then the host and the unit's tag
        "`2026-12-07T01:02:03+0000 host app[123]: Caused by: java.io.IOException` | `Caused by: java.io.IOException`",
        "`2026-12-07T01:02:03.123456+00:00 host kernel: Out of memory: Killed process 1` | `Out of memory: Killed process 1`",
        // syslog: RFC 5424 (nil and structured data) and RFC 3164 with its priority
        "`<27>1 2026-12-07T01:02:03.123Z host app 123 - - unknown flag: --platform` | `unknown flag: --platform`",
        "`<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\"] Killed` | `Killed`",
        "`<27>Dec  7 01:02:03 host app[123]: Killed`                              | `Killed`",
        // kubectl logs --prefix, docker service logs, Loki's logcli
        "`[pod/app-7d9c5b-x2x/app] Caused by: java.io.IOException`                | `Caused by: java.io.IOException`",
        "`stack_app.1.x1y2z3abcd@node1    | Killed`                               | `Killed`",
        // after an ISO time, two words and a colon are a syslog tag only with a [pid] (or the kernel's)
        "`2026-12-07T01:02:03Z host said: words`                                 | `host said: words`",
        "`2026-12-07T01:02:03Z {container=\"app\", job=\"docker\"} Killed` | `Killed`",
    })
    void prefixesComeOff(String line, String message) {
        assertEquals(message, LogMessage.of(line));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`{\"error\":{\"code\":\"401\",\"message\":\"invalid token\"}}`",
        "`{\"errors\":[{\"message\":\"grant revoked\"}]}`",
        "`{not json at all}`",
        "`{\"msg\":\"unterminated}`",
        "`grep foo | sort`",
        "`a|b`",
        "`2024-05-01 is the day`",
        "`12:00:00 a time alone`",
        "`May the force be with you`",
        "`Error: 18456, Severity: 14, State: 58.`",
        "`<br> is a tag`",
        "`[pod is not a prefix] x`",
        "`{container=\"app\"} a label set with no time before it`",
    })
    void othersStayAsTheyAre(String line) {
        assertSame(line, LogMessage.of(line));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`{\"level\":\"error\",\"msg\":\"dial failed\",\"error\":\"connect: connection refused\"}` | `dial failed: connect: connection refused`",
        "`{\"time\":\"x\",\"message\":\"Killed\"}`                                      | `Killed`",
        "`{\"log\":\"2024-05-01 10:00:00 FATAL: password authentication failed\\n\",\"stream\":\"stderr\"}` | `FATAL: password authentication failed`",
        "`{\"err\":\"a \\\"quoted\\\" word\",\"ctx\":{\"msg\":\"nested\"}}`              | `a \"quoted\" word`",
    })
    void aJsonLoggersMessageComesFirstThenItsObject(String json, String message) {
        assertEquals(message + "\n" + json, LogMessage.of(json));
        assertEquals(message + "\n" + json, LogMessage.of("2024-01-02T03:04:05Z " + json));
    }

    @Test
    void aJsonLoggersMessageWithoutItsObject() {
        String line = "{\"log\":\"node:internal/process/promises:288\\n\",\"stream\":\"stderr\"}";
        assertEquals("node:internal/process/promises:288", LogMessage.withoutObject(line));
        assertEquals("Killed", LogMessage.withoutObject("2024-01-02T03:04:05Z {\"msg\":\"app-1 | Killed\"}"));
        assertNull(LogMessage.withoutObject("{\"level\":\"info\",\"status\":401}"), "no message field");
        assertNull(LogMessage.withoutObject("Killed"), "not JSON");
    }

    /**
     * docker's json-file driver keeps each line as {@code {"log":"...","stream":...}}: a JSON logger's line read from
     * such a file (MongoDB's) is a JSON object inside the "log" field, whose own message comes first, as it does
     * when the line is read from the engine; its level too.
     */
    @Test
    void aJsonLoggersLineInsideDockersJsonFileRecord() {
        String mongo = "{\"t\":{\"$date\":\"2023-08-09T08:39:38.549+00:00\"},\"s\":\"W\",  \"c\":\"STORAGE\","
                + "\"msg\":\"Failed to start up WiredTiger under any compatibility version.\"}";
        String record = "{\"log\":" + quoted(mongo + "\n") + ",\"stream\":\"stderr\",\"time\":\"2026-12-07T01:02:03Z\"}";
        assertEquals("Failed to start up WiredTiger under any compatibility version.", LogMessage.withoutObject(record));
        assertTrue(LogMessage.of(record).startsWith("Failed to start up WiredTiger under any compatibility version.\n"),
                LogMessage.of(record));
        assertEquals(LogMessage.statesLevelBelowError(mongo), LogMessage.statesLevelBelowError(record));
        // a record inside a record inside a record is unwrapped once, not without end
        String twice = "{\"log\":" + quoted(record) + "}";
        assertTrue(LogMessage.of(twice).startsWith("{"), LogMessage.of(twice));
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Test
    void aJsonLineWithoutAMessageFieldStays() {
        String line = "{\"level\":\"info\",\"status\":401}";
        assertEquals(line, LogMessage.of(line));
    }
}
