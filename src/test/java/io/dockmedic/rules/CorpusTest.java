package io.dockmedic.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.evidence.Evidence;
import io.dockmedic.text.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in rules against real log lines (src/test/resources/corpus/real-log-lines.dev.jsonl):
 * a line with a non-empty {@code accept} must produce a top-ranked rule of one of those categories,
 * a line with {@code accept: []} must match no rule at all, {@code skip: true} lines are ignored.
 * Each line is classified alone, redacted first, as {@code dockmedic diagnose --log} does.
 */
class CorpusTest {
    private static final Path CORPUS = Path.of("src/test/resources/corpus/real-log-lines.dev.jsonl");

    private static RuleSet rules;

    @BeforeAll
    static void load() throws Exception {
        rules = RuleLoader.builtin();
    }

    private record Entry(int lineNo, String line, String software, List<String> accept) {
    }

    private static List<Entry> entries() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Entry> out = new ArrayList<>();
        int no = 0;
        for (String raw : Files.readAllLines(CORPUS, StandardCharsets.UTF_8)) {
            no++;
            if (raw.isBlank()) {
                continue;
            }
            JsonNode n = json.readTree(raw);
            if (n.path("skip").asBoolean(false)) {
                continue;
            }
            List<String> accept = new ArrayList<>();
            n.get("accept").forEach(c -> accept.add(c.asText()));
            out.add(new Entry(no, n.get("line").asText(), n.path("software").asText(""), accept));
        }
        return out;
    }

    @Test
    void everyAcceptCategoryExists() throws IOException {
        List<String> unknown = new ArrayList<>();
        for (Entry e : entries()) {
            for (String c : e.accept()) {
                if (Category.of(c).isEmpty()) {
                    unknown.add(CORPUS.getFileName() + ":" + e.lineNo() + ": unknown category " + c);
                }
            }
        }
        assertTrue(unknown.isEmpty(), String.join("\n", unknown));
    }

    @Test
    void everyLineIsDiagnosedAsAccepted() throws IOException {
        List<Entry> entries = entries();
        assertTrue(entries.size() >= 100, "the corpus should have its lines, found " + entries.size());
        List<String> failures = new ArrayList<>();
        for (Entry e : entries) {
            Evidence ev = Evidence.ofLog("corpus", Redactor.generic().redactAll(List.of(e.line())));
            List<RuleMatch> matches = rules.classify(ev);
            List<String> got = matches.stream().map(m -> m.rule().id() + "/" + m.rule().category().id()).toList();
            if (e.accept().isEmpty()) {
                if (!matches.isEmpty()) {
                    failures.add(describe(e, "benign line matched " + got));
                }
            } else if (matches.isEmpty()) {
                failures.add(describe(e, "expected one of " + e.accept() + ", nothing matched"));
            } else if (!e.accept().contains(matches.get(0).rule().category().id())) {
                failures.add(describe(e, "expected one of " + e.accept() + ", top rule " + got.get(0)
                        + " (all matches " + got + ")"));
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + entries.size() + " corpus lines are misdiagnosed:\n"
                    + String.join("\n", failures));
        }
    }

    private static String describe(Entry e, String what) {
        return CORPUS.getFileName() + ":" + e.lineNo() + " [" + e.software() + "] " + what + "\n    " + e.line();
    }
}
