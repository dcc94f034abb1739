package io.dockmedic.diagnosis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.text.LogMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatedLevelTest {
    /** The shared corpus's benign MongoDB start-up warning (../shared/corpus, a real line). */
    static final String MONGO_NUMA_WARNING = "{\"t\":{\"$date\":\"2021-07-22T16:17:00.791+00:00\"},\"s\":\"W\",  \"c\":\"CONTROL\",  "
            + "\"id\":22163,   \"ctx\":\"initandlisten\",\"msg\":\"Cannot detect if NUMA interleaving is enabled. Failed to probe path\","
            + "\"attr\":{\"path\":\"/sys/devices/system/node/node1\",\"error\":\"Permission denied\"},\"tags\":[\"startupWarnings\"]}";

    @Test
    void structuredRecordsBelowErrorAreKnownByTheirLevelField() {
        assertTrue(LogMessage.statesLevelBelowError(MONGO_NUMA_WARNING));
        assertTrue(LogMessage.statesLevelBelowError("{\"level\":\"warn\",\"ts\":1,\"msg\":\"dial tcp: connection refused\"}"));
        assertTrue(LogMessage.statesLevelBelowError("  {\"time\":\"x\",\"severity\":\"INFO\",\"message\":\"denied\"}"));
        assertTrue(LogMessage.statesLevelBelowError("{\"log.level\":\"debug\",\"message\":\"x\"}"));
    }

    @Test
    void logrusTextLinesAtDebugOrTraceAreBelowErrorToo() {
        // nerdctl --debug-full, a real line (github.com/containerd/nerdctl/issues/2143): the registry's token challenge
        assertTrue(LogMessage.statesLevelBelowError("DEBU[0004] Unauthorized                                  "
                + "header=\"Bearer realm=\\\"https://auth.docker.io/token\\\"\" host=registry-1.docker.io"));
        assertTrue(LogMessage.statesLevelBelowError("TRAC[0000] dial unix /run/containerd/containerd.sock"));
        assertFalse(LogMessage.statesLevelBelowError("ERRO[0000] failed to dial: connection refused"));
        assertFalse(LogMessage.statesLevelBelowError("WARN[0000] failed to dial: connection refused"), "a warning may be the failure");
        assertFalse(LogMessage.statesLevelBelowError("FATA[0006] failed to copy: httpReadSeeker: failed open"));
    }

    @Test
    void errorsAndPlainLinesAreNot() {
        assertFalse(LogMessage.statesLevelBelowError(MONGO_NUMA_WARNING.replace("\"s\":\"W\"", "\"s\":\"E\"")));
        assertFalse(LogMessage.statesLevelBelowError("{\"level\":\"error\",\"msg\":\"x\"}"));
        assertFalse(LogMessage.statesLevelBelowError("{\"level\":\"fatal\",\"msg\":\"x\"}"));
        assertFalse(LogMessage.statesLevelBelowError("WARN level=info permission denied"), "not a JSON record");
        assertFalse(LogMessage.statesLevelBelowError("{\"msg\":\"got \\\"level\\\":\\\"info\\\" in a field\",\"level\":\"error\"}"),
                "an escaped quote inside a message is no field");
        assertFalse(LogMessage.statesLevelBelowError("{\"sev\":\"W\",\"msg\":\"x\"}"));
    }

    @Test
    void theFallbackAbstainsOnALineThatSaysItIsAWarning() {
        CategoryModel model = CategoryModel.builtIn();
        String error = MONGO_NUMA_WARNING.replace("\"s\":\"W\"", "\"s\":\"E\"").replace("Cannot detect if NUMA interleaving is enabled. Failed to probe path",
                "open failed").replace("\"tags\":[\"startupWarnings\"]", "\"tags\":[]");
        assertTrue(model.classify(List.of(error)).isPresent(), "the same words at error level give a guess");
        assertFalse(model.classify(List.of(MONGO_NUMA_WARNING)).isPresent());
    }
}
