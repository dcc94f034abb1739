package io.dockmedic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dockmedic rules suggest --log}: drafts for the frequent unclassified lines, which {@code rules check} accepts. */
class RulesSuggestCommandTest {

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(Main.OK, Main.execute(args));
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void draftsTheMostFrequentUnknownFailuresAndSkipsKnownOnes(@TempDir Path dir) throws Exception {
        List<String> log = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            log.add("2024-05-01 10:00:" + (10 + i) + " INFO request " + i + " served in " + i + "ms");
            log.add("2024-05-01 10:00:" + (10 + i) + " ERROR [billing] invoice " + (1000 + i) + " rejected by ledger: period closed");
            if (i % 3 == 0) {
                log.add("fatal: frobnicator lost widget " + i + " (password=Hunter2Secret)");
            }
            log.add("FATAL:  password authentication failed for user \"app\""); // a built-in rule knows it
        }
        Path file = dir.resolve("app.log");
        Files.write(file, log, StandardCharsets.UTF_8);
        String draft = run("rules", "suggest", "--log", file.toString(), "--top", "5");
        assertTrue(draft.contains("# seen 30 times"), draft);
        assertTrue(draft.contains("# seen 10 times"), draft);
        assertFalse(draft.contains("password authentication failed"), "known failures are not drafted:\n" + draft);
        assertFalse(draft.contains("Hunter2Secret"), "examples are redacted:\n" + draft);
        assertTrue(draft.indexOf("invoice") < draft.indexOf("frobnicator"), "most frequent first:\n" + draft);

        Path rules = dir.resolve("rules.d");
        Files.createDirectories(rules);
        Files.writeString(rules.resolve("draft.yml"), draft, StandardCharsets.UTF_8);
        assertTrue(run("rules", "check", rules.toString()).startsWith("OK: "));
    }
}
