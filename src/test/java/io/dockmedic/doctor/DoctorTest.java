package io.dockmedic.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Doctor rules beyond the example-stack fixtures: precedence, env-only checks, healthchecks, merge keys. */
class DoctorTest {
    @TempDir
    Path dir;

    private List<String> run(String env, String compose, Map<String, String> shell) throws IOException {
        Path e = env == null ? null : Files.writeString(dir.resolve(".env.prod"), env);
        Path c = compose == null ? null : Files.writeString(dir.resolve("compose.yaml"), compose);
        Doctor.Result r = Doctor.run(new Doctor.Options(e, c, null, shell, false, Duration.ofSeconds(1)));
        return r.findings().stream().map(f -> f.id() + " " + Path.of(f.file()).getFileName() + ":" + f.line()).toList();
    }

    @Test
    void anEnvFileAloneIsCheckedAgainstItself() throws IOException {
        assertEquals(List.of("postgres-password-mismatch .env.prod:2", "redis-url-localhost .env.prod:3",
                        "dashscope-api-key-missing .env.prod:4", "api-key-placeholder .env.prod:5"),
                run("POSTGRES_PASSWORD=one-Secret\nDATABASE_URL=postgresql://postgres:two-Secret@db/app\n"
                        + "REDIS_URL=redis://127.0.0.1:6379\nDASHSCOPE_API_KEY=\nOPENAI_API_KEY=sk-xxxxxxxx\n", null, Map.of()));
        assertEquals(List.of(), run("DATABASE_URL=postgresql://u:p@db/app\nSOME_URL=https://x\n", null, Map.of()));
    }

    @Test
    void theShellOverridesTheEnvFileAsInCompose() throws IOException {
        String compose = "services:\n  app:\n    image: app\n    environment:\n      REDIS_URL: ${REDIS_URL}\n  redis:\n    image: redis\n";
        assertEquals(List.of(), run("REDIS_URL=redis://redis:6379/0\n", compose, Map.of()));
        assertEquals(List.of("redis-url-localhost shell environment:0"),
                run("REDIS_URL=redis://redis:6379/0\n", compose, Map.of("REDIS_URL", "redis://localhost:6379/0")));
    }

    @Test
    void dotEnvBesideTheComposeFileIsTheDefault() throws IOException {
        Files.writeString(dir.resolve(".env"), "TAG=1.0\n");
        Path c = Files.writeString(dir.resolve("compose.yaml"), "services:\n  app:\n    image: app:${TAG}\n    command: ${CMD}\n");
        Doctor.Result r = Doctor.run(new Doctor.Options(null, c, null, Map.of(), false, Duration.ofSeconds(1)));
        assertEquals(List.of("env-var-missing"), r.findings().stream().map(Finding::id).toList());
        assertEquals(4, r.findings().get(0).line());
        assertTrue(r.findings().get(0).message().en().contains(dir.resolve(".env").toString()), r.findings().get(0).message().en());
        assertTrue(r.findings().get(0).message().en().endsWith("; Compose will use an empty string."), r.findings().get(0).message().en());
        assertTrue(r.findings().get(0).message().zh().endsWith("；Compose 将使用空字符串。"), r.findings().get(0).message().zh());
    }

    @Test
    void dependenciesAndHealthchecks() throws IOException {
        Files.createDirectories(dir.resolve("worker"));
        Files.writeString(dir.resolve("worker/Dockerfile"), "FROM python:3.11-slim\nHEALTHCHECK CMD python -c 'print(1)'\n");
        String compose = String.join("\n",
                "x-base: &base",
                "  restart: always",
                "services:",
                "  db:",
                "    <<: *base",
                "    image: docker.io/library/postgres:16",
                "  worker:",
                "    build: ./worker",
                "  proxy:",
                "    image: nginx:1.27",
                "  web:",
                "    image: web",
                "    network_mode: host",
                "    environment: [DATABASE_URL=postgresql://u:p@localhost/app]",
                "    depends_on:",
                "      db:",
                "        condition: service_healthy",
                "      worker:",
                "        condition: service_healthy",
                "      proxy:",
                "        condition: service_healthy",
                "      cache:",
                "        condition: service_started",
                "  api:",
                "    image: api",
                "    depends_on: [db]",
                "");
        assertEquals(List.of("waited-on-without-healthcheck compose.yaml:16", "depends-on-unknown-service compose.yaml:22",
                        "waited-on-without-healthcheck compose.yaml:20", "waited-on-without-healthcheck compose.yaml:26"),
                run(null, compose, Map.of()));
        Doctor.Result r = Doctor.run(new Doctor.Options(null, dir.resolve("compose.yaml"), null, Map.of(), false, Duration.ofSeconds(1)));
        assertEquals(List.of("critical", "critical", "warning", "warning"),
                r.findings().stream().map(f -> f.severity().id()).toList(), r.findings().toString());
        assertTrue(r.findings().stream().anyMatch(f -> f.message().en().contains("its image nginx:1.27 may define a HEALTHCHECK")));
    }

    @Test
    void envFilesOfServicesAreReadAndAMissingOneIsReported() throws IOException {
        Files.writeString(dir.resolve("db.env"), "POSTGRES_PASSWORD=Secret-A\n");
        Files.writeString(dir.resolve("app.env"), "DATABASE_URL=postgresql://postgres:Secret-B@postgres:5432/app\n");
        String compose = "services:\n  postgres:\n    image: postgres\n    env_file: db.env\n    healthcheck: {test: [CMD, pg_isready]}\n"
                + "  app:\n    image: app\n    env_file:\n      - app.env\n      - path: optional.env\n        required: false\n      - missing.env\n";
        List<String> got = run(null, compose, Map.of());
        assertEquals(List.of("postgres-password-mismatch app.env:1", "env-file-missing compose.yaml:12"), got);
    }

    @Test
    void noSecretReachesAFindingEvenWhenAValueIsEchoedBack() throws IOException {
        Doctor.Result r = Doctor.run(new Doctor.Options(Files.writeString(dir.resolve(".env.prod"), "MY_SECRET=\"abc-Secret-9\n"),
                null, null, Map.of(), false, Duration.ofSeconds(1)));
        assertEquals(1, r.findings().size());
        assertFalse(r.findings().toString().contains("Secret-9"));
    }

    @Test
    void usageErrorsExitWithTwo() throws IOException {
        Path env = Files.writeString(dir.resolve(".env.prod"), "A=1\n");
        assertEquals(io.dockmedic.cli.Main.USAGE, DoctorFixturesTest.cli("doctor", "--env-file", env.toString(), "--lang", "fr").code());
        assertEquals(io.dockmedic.cli.Main.USAGE, DoctorFixturesTest.cli("doctor", "--env-file", dir.resolve("missing.env").toString()).code());
        assertEquals(io.dockmedic.cli.Main.USAGE, DoctorFixturesTest.cli("doctor", "--env-file", env.toString(), "--timeout", "0").code());
        Files.write(dir.resolve("latin1.env"), new byte[] {'A', '=', (byte) 0xE9, '\n'});
        assertEquals(io.dockmedic.cli.Main.USAGE, DoctorFixturesTest.cli("doctor", "--env-file", dir.resolve("latin1.env").toString()).code());
        assertEquals(io.dockmedic.cli.Main.OK, DoctorFixturesTest.cli("doctor", "--env-file", env.toString(), "--ignore-shell-env").code());
    }
}
