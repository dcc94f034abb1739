package io.dockmedic.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The troubleshooting page's example stack: {@code clean/} has no finding; each other fixture directory is one of its mistakes
 * laid over a copy of it and must give exactly the findings of its {@code expected.txt}. The CLI
 * gives exit 0 or 4 accordingly, and its output (text and JSON, en and zh) never contains a
 * secret value of the fixture.
 */
class DoctorFixturesTest {
    private static final Path FIXTURES = Path.of("src/test/resources/doctor");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|_KEY|URL).*");

    @TempDir
    Path tmp;

    static Stream<String> fixtures() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(FIXTURES, Files::isDirectory)) {
            ds.forEach(d -> names.add(d.getFileName().toString()));
        }
        names.sort(null);
        return names.stream();
    }

    /** clean/ copied to a temp dir with the fixture's files laid over it. */
    private Path stack(String fixture) throws IOException {
        Path dir = tmp.resolve(fixture);
        Files.createDirectories(dir);
        for (String from : List.of("clean", fixture)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(FIXTURES.resolve(from))) {
                for (Path f : ds) {
                    Files.copy(f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dir;
    }

    private static List<String> sorted(List<String> l) {
        List<String> out = new ArrayList<>(l);
        out.sort(null);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureGivesExactlyItsExpectedFindings(String fixture) throws IOException {
        Path dir = stack(fixture);
        Doctor.Result r = Doctor.run(new Doctor.Options(dir.resolve(".env.prod"), dir.resolve("docker-compose.prod.yml"),
                dir.resolve("daemon.json"), Map.of(), false, Duration.ofSeconds(1)));
        List<String> got = r.findings().stream()
                .map(f -> f.id() + " " + Path.of(f.file()).getFileName() + ":" + f.line()).toList();
        List<String> expected = Files.readAllLines(dir.resolve("expected.txt")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals(sorted(expected), sorted(got), fixture + ": " + r.findings());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void cliExitsWithFourOnProblemsAndNeverPrintsASecret(String fixture) throws Exception {
        Path dir = stack(fixture);
        List<String> secrets = secrets(dir.resolve(".env.prod"));
        assertFalse(secrets.isEmpty());
        String[] files = {"doctor", "--env-file", dir.resolve(".env.prod").toString(), "--compose-file", dir.resolve("docker-compose.prod.yml").toString(),
                "--daemon-config", dir.resolve("daemon.json").toString(), "--ignore-shell-env"};
        boolean problems = Files.readAllLines(dir.resolve("expected.txt")).stream()
                .anyMatch(l -> !l.isBlank() && !l.startsWith("#") && !l.startsWith("registry-mirror-configured"));
        for (String format : List.of("text", "json")) {
            for (String lang : List.of("en", "zh")) {
                List<String> args = new ArrayList<>(List.of(files));
                args.addAll(List.of("--format", format, "--lang", lang));
                Run run = cli(args.toArray(String[]::new));
                assertEquals(problems ? Main.PROBLEMS_FOUND : Main.OK, run.code, fixture + " " + format + " " + lang + ":\n" + run.out);
                for (String s : secrets) {
                    assertFalse(run.out.contains(s), fixture + " " + format + " " + lang + " prints a secret value:\n" + run.out);
                }
                if (format.equals("json")) {
                    JsonNode root = new ObjectMapper().readTree(run.out);
                    assertTrue(root.get("findings").isArray() && root.get("checked").isObject(), run.out);
                    for (JsonNode f : root.get("findings")) {
                        for (String field : List.of("id", "severity", "file", "line", "message", "remedy")) {
                            assertTrue(f.has(field), "finding without " + field + ": " + f);
                        }
                    }
                }
            }
        }
    }

    /** Values of secret-looking variables and passwords inside URLs of an env file (4 chars or more). */
    private static List<String> secrets(Path envFile) throws IOException {
        List<String> out = new ArrayList<>();
        EnvFile env = EnvFile.parse("t", Files.readString(envFile), n -> null);
        for (EnvFile.Entry e : env.entries().values()) {
            if (e.value() == null || !SECRET_NAME.matcher(e.name()).matches()) {
                continue;
            }
            if (ServiceUrl.kind(e.value()).isPresent()) {
                try {
                    String p = ServiceUrl.parse(e.value()).password();
                    if (p != null && p.length() >= 4) {
                        out.add(p);
                    }
                } catch (IllegalArgumentException ignored) {
                    // an invalid URL: its text is not printed either
                }
            } else if (e.value().length() >= 4) {
                out.add(e.value());
            }
        }
        return out;
    }

    record Run(int code, String out) {
    }

    static Run cli(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = Main.execute(args);
            return new Run(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void cleanStackSaysSoInBothLanguages() throws IOException {
        Path dir = stack("clean");
        String[] files = {"doctor", "--env-file", dir.resolve(".env.prod").toString(),
                "--compose-file", dir.resolve("docker-compose.prod.yml").toString(), "--ignore-shell-env"};
        Run en = cli(concat(files, "--lang", "en"));
        assertTrue(en.out.startsWith("No problems found."), en.out);
        assertTrue(en.out.contains("compose file " + dir.resolve("docker-compose.prod.yml") + " (6 services)"), en.out);
        Run zh = cli(concat(files, "--lang", "zh"));
        assertTrue(zh.out.startsWith("未发现问题。"), zh.out);
    }

    @Test
    void textNamesTheFindingItsPlaceAndTheTroubleshootingFix() throws IOException {
        Path dir = stack("password-mismatch");
        Run zh = cli("doctor", "--env-file", dir.resolve(".env.prod").toString(), "--compose-file",
                dir.resolve("docker-compose.prod.yml").toString(), "--ignore-shell-env", "--lang", "zh");
        assertEquals(Main.PROBLEMS_FOUND, zh.code);
        assertTrue(zh.out.startsWith("发现 1 个问题（严重 1，警告 0）。"), zh.out);
        assertTrue(zh.out.contains("[CRITICAL] postgres-password-mismatch  " + dir.resolve(".env.prod") + ":5"), zh.out);
        assertTrue(zh.out.contains("POSTGRES_PASSWORD 与 DATABASE_URL 密码不一致"), zh.out);
        assertTrue(zh.out.contains("确保 .env.prod 中两者密码相同"), zh.out);
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
