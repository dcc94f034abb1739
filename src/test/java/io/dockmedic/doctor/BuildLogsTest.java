package io.dockmedic.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dockmedic.cli.Main;
import io.dockmedic.evidence.Evidence;
import io.dockmedic.text.LogText;
import io.dockmedic.text.Redactor;
import io.dockmedic.rules.Rule;
import io.dockmedic.rules.RuleLoader;
import io.dockmedic.rules.RuleMatch;
import io.dockmedic.rules.RuleSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Golden build logs (src/test/resources/buildlogs: captured from real builds on the local engine,
 * plus public lines for what cannot be produced here) are classified as {@code dockmedic diagnose
 * --log} does it and must rank the expected rule first; and the build rules carry the troubleshooting page's steps
 * for PowerShell and bash.
 */
class BuildLogsTest {
    private static final Path DIR = Path.of("src/test/resources/buildlogs");
    private static RuleSet rules;

    @BeforeAll
    static void load() throws Exception {
        rules = RuleLoader.builtin();
    }

    private record Golden(String file, String rule) {
    }

    private static List<Golden> golden() throws IOException {
        List<Golden> out = new ArrayList<>();
        for (String line : Files.readAllLines(DIR.resolve("expected.tsv"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] f = line.split("\t");
                out.add(new Golden(f[0], f[1]));
            }
        }
        return out;
    }

    /** The same reading as DiagnoseCommand: every line, streamed, cleaned, redacted, as log evidence. */
    private static String top(Path log) throws IOException {
        try (InputStream in = Files.newInputStream(log)) {
            List<String> lines = new ArrayList<>();
            LogText.lines(in, LogText.DEFAULT_MAX_LINE_CHARS).forEach(l -> lines.add(Redactor.generic().redact(l)));
            List<RuleMatch> m = rules.classify(Evidence.ofLog(log.getFileName().toString(), lines));
            return m.isEmpty() ? "none" : m.get(0).rule().id();
        }
    }

    @Test
    void everyGoldenLogRanksItsExpectedRuleFirst() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Golden g : golden()) {
            String got = top(DIR.resolve(g.file()));
            if (!got.equals(g.rule())) {
                wrong.add(g.file() + ": expected " + g.rule() + ", got " + got);
            }
        }
        if (!wrong.isEmpty()) {
            fail(wrong.size() + " golden build logs misclassified:\n" + String.join("\n", wrong));
        }
    }

    @Test
    void everyLogFileIsListedAndEveryModeIsThere() throws IOException {
        Set<String> onDisk = new TreeSet<>();
        try (Stream<Path> s = Files.walk(DIR)) {
            s.filter(p -> p.toString().endsWith(".log")).forEach(p -> onDisk.add(DIR.relativize(p).toString().replace('\\', '/')));
        }
        Set<String> listed = new TreeSet<>();
        golden().forEach(g -> listed.add(g.file()));
        assertEquals(onDisk, listed, "expected.tsv must list exactly the .log files");
        for (String mode : List.of("classic/", "buildkit-plain/", "buildkit-tty/", "compose-classic/", "compose-buildkit/", "pull/", "public/")) {
            assertTrue(listed.stream().anyMatch(f -> f.startsWith(mode)), "no golden log in " + mode);
        }
    }

    @Test
    void theTtyLogsKeepTheTerminalBytes() throws IOException {
        String raw = Files.readString(DIR.resolve("buildkit-tty/copy-missing.log"));
        assertTrue(raw.contains("\u001B[") && raw.contains("\r"), "the tty capture should keep ANSI codes and CRs");
    }

    @Test
    void theCliDiagnosesAGoldenLogWithExitZero() {
        DoctorFixturesTest.Run run = DoctorFixturesTest.cli("diagnose", "--log", DIR.resolve("buildkit-tty/base-forbidden.log").toString(),
                "--format", "json", "--lang", "zh");
        assertEquals(Main.OK, run.code(), run.out());
        assertTrue(run.out().contains("\"rule\" : \"registry-mirror-forbidden\""), run.out());
        assertTrue(run.out().contains("删除或注释 `registry-mirrors` 配置"), run.out());
    }

    @Test
    void everyBuildRuleGivesPowerShellAndBashSteps() throws IOException {
        List<String> ids = new ArrayList<>();
        Object doc = new Yaml().load(Files.readString(Path.of("src/main/resources/rules/builtin/build.yml")));
        for (Object r : (List<?>) ((java.util.Map<?, ?>) doc).get("rules")) {
            ids.add(String.valueOf(((java.util.Map<?, ?>) r).get("id")));
        }
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            Rule r = rules.rule(id).orElseThrow();
            for (String text : List.of(r.remedy().en(), r.remedy().zh())) {
                if (!text.contains("PowerShell") || !text.contains("bash")) {
                    missing.add(id);
                }
            }
        }
        assertTrue(missing.isEmpty(), "remedies without PowerShell and bash steps: " + missing);
        assertTrue(rules.rule("build-git-not-found").orElseThrow().remedy().en().contains("$env:DOCKER_BUILDKIT=0"));
        assertTrue(rules.rule("build-git-not-found").orElseThrow().remedy().en().contains("DOCKER_BUILDKIT=0 docker compose"));
        assertTrue(rules.rule("build-snapshot-corrupt").orElseThrow().remedy().zh().contains("docker builder prune -af"));
        assertTrue(rules.rule("registry-mirror-forbidden").orElseThrow().remedy().zh().contains("删除或注释 `registry-mirrors` 配置"));
        assertTrue(rules.rule("build-disk-full").orElseThrow().remedy().en().contains("docker system df"));
    }
}
