package io.dockmedic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.diagnosis.Diagnoser;
import io.dockmedic.diagnosis.Diagnosis;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.diagnosis.Unclassified;
import io.dockmedic.evidence.Evidence;
import io.dockmedic.state.Trigger;
import io.dockmedic.text.LogText;
import io.dockmedic.text.Redactor;
import io.dockmedic.rules.RuleLoader;
import io.dockmedic.rules.RuleMatch;
import io.dockmedic.rules.RuleSet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Streaming {@code diagnose --log} gives the same report as the code it replaced (the last 20,000
 * lines read into a list, redacted, classified, the unclassified evidence picked from the whole
 * list) for every log that fits that window: the golden build logs, the real-line corpus (each line
 * alone and all as one log), and random mixes of corpus lines, benign lines, blank lines and CRLF.
 */
class LogStreamGoldenTest {
    private static final Path BUILDLOGS = Path.of("src/test/resources/buildlogs");
    private static final Path CORPUS = Path.of("src/test/resources/corpus/real-log-lines.dev.jsonl");
    private static final List<String> BENIGN = List.of(
            "2024-05-01T10:00:00.000Z INFO  [http-nio-8080-exec-3] c.e.api.ItemController : GET /api/items?page=2 200 12ms",
            "INFO:     172.18.0.5:41234 - \"GET /health HTTP/1.1\" 200 OK",
            "2024-05-01T10:00:01Z WARN  [scheduler-1] o.s.s.TaskScheduler : job cleanup-7 took 1200ms, longer than its period",
            "time=\"2024-05-01T10:00:00Z\" level=info msg=\"cache hit\" key=session:123 ttl=30s",
            "Found 0 errors. Watching for file changes.",
            "worker exited with code 0, retrying in 5s",
            "DATABASE_URL=postgresql://app:Hunter2Secret@postgres:5432/app");

    // loaded once for both engines (JUnit Jupiter runs the tests, jqwik the property)
    private static final RuleSet rules = load();
    private static final Diagnoser diagnoser = new Diagnoser(() -> rules);
    private static final List<String> corpus = corpus();

    private static RuleSet load() {
        try {
            return RuleLoader.builtin();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> corpus() {
        try {
            List<String> out = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            for (String raw : Files.readAllLines(CORPUS, StandardCharsets.UTF_8)) {
                if (!raw.isBlank()) {
                    out.add(json.readTree(raw).get("line").asText());
                }
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What {@code diagnose --log} did before: the last 20,000 lines in a list, the unclassified lines from the whole list. */
    private static Report before(String name, byte[] log) throws IOException {
        List<String> lines = Redactor.generic().redactAll(
                LogText.readTail(new ByteArrayInputStream(log), 20_000, LogText.DEFAULT_MAX_LINE_CHARS));
        Evidence ev = Evidence.ofLog(name, lines);
        List<Diagnosis> diagnoses = new ArrayList<>();
        for (RuleMatch m : rules.classify(ev)) {
            diagnoses.add(Diagnosis.of(m));
        }
        List<String> unclassified = diagnoses.isEmpty() ? Unclassified.evidence(lines, 5) : List.of();
        String signature = diagnoses.isEmpty() ? Unclassified.signature(unclassified) : "";
        return new Report(name, "", "", "", Trigger.LOG, diagnoses, unclassified, signature, 0L, java.time.Instant.EPOCH);
    }

    private static Report now(String name, byte[] log) {
        Report r = DiagnoseCommand.diagnoseLog(diagnoser, name, new ByteArrayInputStream(log));
        return new Report(r.container(), r.containerId(), r.project(), r.service(), r.trigger(), r.diagnoses(),
                r.unclassified(), r.signature(), r.eventTimeNanos(), java.time.Instant.EPOCH);
    }

    private static void assertSame(String name, byte[] log) throws IOException {
        assertEquals(before(name, log), now(name, log), name);
    }

    private static byte[] lines(List<String> lines, String eol) {
        return String.join(eol, lines).concat(eol).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyGoldenBuildLogGivesTheSameReport() throws IOException {
        List<Path> logs;
        try (Stream<Path> s = Files.walk(BUILDLOGS)) {
            logs = s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
        assertTrue(logs.size() >= 40, "the golden build logs: " + logs.size());
        for (Path log : logs) {
            assertSame(log.toString(), Files.readAllBytes(log));
        }
    }

    @Test
    void everyCorpusLineAloneAndTheWholeCorpusGiveTheSameReport() throws IOException {
        assertTrue(corpus.size() >= 100, "corpus lines: " + corpus.size());
        for (String line : corpus) {
            assertSame(line, lines(List.of(line), "\n"));
        }
        assertSame("corpus", lines(corpus, "\n"));
        assertSame("benign", lines(BENIGN, "\r\n"));
    }

    @Test
    void aReadErrorSurfacesAsAnUncheckedIoException() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Input/output error");
            }
        };
        java.io.UncheckedIOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                () -> DiagnoseCommand.diagnoseLog(diagnoser, "broken", broken));
        assertEquals("Input/output error", e.getCause().getMessage());
    }

    @Provide
    Arbitrary<List<String>> mixes() {
        Arbitrary<String> line = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of(corpus)),
                net.jqwik.api.Tuple.of(6, Arbitraries.of(BENIGN)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("", "   ", "\u001B[31mERROR\u001B[0m: boom", "exit 1")));
        return line.list().ofMinSize(0).ofMaxSize(60);
    }

    /** Lines no rule matches, many of them error-like with equal scores: the unclassified evidence and its signature decide. */
    @Provide
    Arbitrary<List<String>> unmatched() {
        return Arbitraries.of(List.of(BENIGN.get(0), BENIGN.get(2), BENIGN.get(4), BENIGN.get(5),
                        "WARN cache warming slow", "WARN pool at 90%", "job 7 stopped", "job 8 stopped, retrying",
                        "worker 3 exited, retrying in 5s", "ERROR: boom", "ERROR: bang"))
                .list().ofMinSize(0).ofMaxSize(40);
    }

    @Property(tries = 200)
    void randomUnmatchedLogsGiveTheSameReport(@ForAll("unmatched") List<String> log) throws IOException {
        assertSame("unmatched", lines(log, "\n"));
    }

    @Property(tries = 200)
    void randomMixesGiveTheSameReport(@ForAll("mixes") List<String> log, @ForAll boolean crlf) throws IOException {
        assertSame("mix", lines(log, crlf ? "\r\n" : "\n"));
    }
}
