package io.dockmedic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.diagnosis.CorpusLines;
import io.dockmedic.evidence.Evidence;
import io.dockmedic.rules.RuleLoader;
import io.dockmedic.rules.RuleMatch;
import io.dockmedic.rules.RuleSet;
import io.dockmedic.text.PlantedSecrets;
import io.dockmedic.text.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code diagnose --log} scans lines before they are redacted and redacts only the lines it keeps
 * ({@link io.dockmedic.diagnosis.Diagnoser#diagnose(Evidence, Iterable, java.util.function.UnaryOperator)}):
 * that is only right if every rule decides the same on a line and on its redaction. Checked on every
 * line the rules' own tests use, the dev corpora of real lines, and lines carrying planted secrets.
 */
class RulesIgnoreRedactionTest {
    private static final RuleSet RULES = load();
    private static final Redactor REDACTOR = Redactor.generic();

    private static RuleSet load() {
        try {
            return RuleLoader.load(List.of(), true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void rulesTestLinesAndDevCorporaClassifyTheSameRedacted() throws IOException {
        List<String> lines = new ArrayList<>(ruleTestLines());
        for (String corpus : List.of("real-lines.jsonl", "real-log-lines.dev.jsonl")) {
            CorpusLines.read(Path.of("src/test/resources/corpus", corpus)).forEach(l -> lines.add(l.line()));
        }
        assertTrue(lines.size() > 1000, "too few lines read: " + lines.size());
        List<String> differ = new ArrayList<>();
        int changed = 0;
        for (String line : lines) {
            String redacted = REDACTOR.redact(line);
            changed += redacted.equals(line) ? 0 : 1;
            if (!redacted.equals(line) && !rules(line).equals(rules(redacted))) {
                differ.add(rules(line) + " vs redacted " + rules(redacted) + ": " + redacted);
            }
        }
        assertEquals(List.of(), differ);
        assertTrue(changed >= 10, "only " + changed + " lines carry something to redact");
    }

    @Provide
    Arbitrary<PlantedSecrets.Planted> planted() {
        return PlantedSecrets.planted();
    }

    /**
     * The planted secret's own text is random and may name what a rule reads ("P4s.pg.x" has the word pg,
     * so "pg_dump --password P4s.pg.x failed: connection refused" is a PostgreSQL line until redacted): the
     * line is compared with its secrets replaced by a neutral word, which is what the redaction must not
     * change beyond.
     */
    @Property(tries = 30)
    void linesWithSecretsClassifyTheSameRedacted(@ForAll("planted") PlantedSecrets.Planted p) {
        for (String line : p.lines()) {
            String neutral = line;
            for (String secret : p.secrets()) {
                neutral = neutral.replace(secret, "Secret0value");
            }
            assertEquals(rules(neutral), rules(REDACTOR.redact(line)), line);
        }
    }

    @Test
    void aSecretThatNamesAServiceIsNoRedactionFault() {
        String line = "pg_dump --password P4s.pg.x failed: connection refused";
        assertEquals(List.of("connection-refused-generic"), rules(line.replace("P4s.pg.x", "Secret0value")));
        assertEquals(rules(line.replace("P4s.pg.x", "Secret0value")), rules(REDACTOR.redact(line)));
    }

    private static List<String> rules(String line) {
        return RULES.classify(Evidence.ofLog("t", List.of()), List.of(line)).stream()
                .map(RuleMatch::rule).map(r -> r.id()).toList();
    }

    /** Every string under a {@code lines:} key of the built-in rules' test files. */
    private static List<String> ruleTestLines() throws IOException {
        Path dir = Path.of("src/main/resources/rules/builtin");
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".test.yml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    collect(new Yaml(new SafeConstructor(new LoaderOptions())).load(in), false, out);
                }
            }
        }
        return out;
    }

    private static void collect(Object node, boolean underLines, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> collect(v, "lines".equals(k), out));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collect(v, underLines, out));
        } else if (underLines && node instanceof String s) {
            out.add(s);
        }
    }
}
