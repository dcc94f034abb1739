package io.dockmedic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dockmedic.text.PlantedSecrets;
import io.dockmedic.text.PlantedSecrets.Planted;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Secrets of every format planted in a failing log never reach what the CLI prints: {@code diagnose
 * --log} as text and JSON (diagnosed and unclassified evidence) and {@code rules suggest} (its
 * {@code # e.g.} example line), run in-process through {@link Main} as a user runs them.
 */
class SecretsNeverPrintedTest {

    @Provide
    Arbitrary<Planted> logs() {
        return PlantedSecrets.planted();
    }

    @Property(tries = 8)
    void noPlantedSecretIsPrinted(@ForAll("logs") Planted planted) throws Exception {
        Path dir = Files.createTempDirectory("dockmedic-secrets");
        try {
            Path log = dir.resolve("app.log");
            Files.write(log, planted.lines(), StandardCharsets.UTF_8);
            // the planted lines alone (no rule matches them): unclassified evidence and drafts
            Path unknown = dir.resolve("unknown.log");
            Files.write(unknown, planted.lines().subList(0, planted.lines().size() - 1), StandardCharsets.UTF_8);
            for (Path file : List.of(log, unknown)) {
                for (String format : List.of("text", "json")) {
                    String out = run("diagnose", "--log", file.toString(), "--format", format, "--config", config(dir));
                    assertEquals(List.of(), PlantedSecrets.survivors(planted, out, false), format + ":\n" + out);
                }
                String draft = run("rules", "suggest", "--log", file.toString(), "--top", "100", "--config", config(dir));
                assertEquals(List.of(), PlantedSecrets.survivors(planted, draft, false), draft);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A config with no user rules: the built-in ones only. */
    private static String config(Path dir) throws Exception {
        Path cfg = dir.resolve("dockmedic.yml");
        if (!Files.exists(cfg)) {
            Files.writeString(cfg, "rules:\n  dirs: []\n");
        }
        return cfg.toString();
    }

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            Main.execute(args);
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
