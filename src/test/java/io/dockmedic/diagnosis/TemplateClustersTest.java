package io.dockmedic.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.evidence.Evidence;
import io.dockmedic.rules.RuleLoader;
import io.dockmedic.rules.RuleMatch;
import io.dockmedic.rules.RuleSet;
import io.dockmedic.state.Trigger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Templates, stable signatures, bounded clustering of unclassified lines, and draft rules from them. */
class TemplateClustersTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        2024-05-01T10:00:00.123Z worker 42 failed after 1500ms       | <*> worker <*> failed after <*>
        May 25 05:46:49 host app[311]: queue stalled                | <*> host <*> queue stalled
        job 0b7f1a2e-1111-2222-3333-000000000000 lost at 10.0.0.7:8080 | job <*> lost at <*>
        cannot open /var/lib/app/data/state.db: read-only            | cannot open <*> read-only
        upstream https://api.example.com/v1/x?id=9 answered badly    | upstream <*> answered badly
        object 0xdeadbeef freed twice by "gc thread"                 | object <*> freed twice by <*>
        Segment   fault   in   module    core                        | segment fault in module core
        """)
    void templatesMaskVariablePartsDrainStyle(String line, String template) {
        assertEquals(template, Unclassified.template(line));
    }

    @Test
    void linesOfOneEventShareAStableSignature() {
        String a = Unclassified.signature(List.of("2024-05-01 10:00:00 worker 42 failed after 1500ms"));
        String b = Unclassified.signature(List.of("2024-06-11 23:59:59 worker 7 failed after 12ms"));
        assertEquals(a, b);
        assertEquals(Unclassified.id("<*> worker <*> failed after <*>"), a, "the hash of the template: the same in every run");
        assertTrue(a.matches("[0-9a-f]{8}"), a);
    }

    @Test
    void clustersStayBoundedAndKeepTheFrequentOnes() {
        TemplateClusters c = new TemplateClusters(5);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 1000; i++) {
            c.add("ERROR job " + i + " failed: quota exceeded for tenant " + i, t);
            c.add("fatal: unique failure number " + Integer.toString(i, 26).replaceAll("[0-9]", "x") + " happened", t);
        }
        assertEquals(5, c.size());
        TemplateClusters.Cluster top = c.top(1).get(0);
        assertEquals("error job <*> failed: quota exceeded for tenant <*>", top.template());
        assertTrue(top.count() - top.error() >= 1000, top.toString());
    }

    @Test
    void unclassifiedReportsAreCountedByTheirSignatureLine() {
        TemplateClusters c = new TemplateClusters(10);
        Report r = new Report("app", "id", "p", "s", Trigger.UNHEALTHY, List.of(),
                List.of("INFO starting", "ERROR queue 7 stalled: consumer gone"), "x", 0L, Instant.now());
        c.accept(r);
        c.accept(r);
        assertEquals(List.of(Unclassified.signature(r.unclassified())), c.top(5).stream().map(TemplateClusters.Cluster::signature).toList());
        assertEquals(2, c.top(1).get(0).count());
    }

    @Test
    void jsonRoundTrips() throws Exception {
        TemplateClusters c = new TemplateClusters(10);
        c.add("ERROR queue 7 stalled: \"consumer\" gone", Instant.parse("2026-01-01T00:00:00Z"));
        assertEquals(c.top(10), TemplateClusters.parse(TemplateClusters.json(c.top(10))));
    }

    @Test
    void draftPatternsAreRe2AndMatchTheirLines() {
        assertEquals("(?i)error\\s+job.*failed:\\s+quota\\s+exceeded\\s+\\(tenant.*\\)",
                RuleDrafts.pattern("error job <*> failed: quota exceeded (tenant <*> )"));
        assertNull(RuleDrafts.pattern("<*> <*> ok"), "no word of 3 letters to anchor on");
    }

    @Test
    void draftFileLoadsAndMatchesTheLinesItCameFrom(@TempDir Path dir) throws Exception {
        TemplateClusters c = new TemplateClusters(10);
        Instant t = Instant.now();
        List<String> lines = List.of(
                "2024-05-01 10:00:00 ERROR [billing] invoice 1234 rejected by ledger: period closed",
                "2024-05-01 10:00:05 ERROR [billing] invoice 98 rejected by ledger: period closed",
                "panic in frobnicator: widget 0x1f2e not calibrated (it's 'warm')",
                "12:00:01 99");
        lines.forEach(l -> c.add(l, t));
        Path file = dir.resolve("draft.yml");
        Files.writeString(file, RuleDrafts.yaml(c.top(10), "test.log"), StandardCharsets.UTF_8);
        RuleSet set = RuleLoader.load(List.of(file), false);
        assertEquals(2, set.size(), Files.readString(file));
        for (String l : lines.subList(0, 3)) {
            List<RuleMatch> m = set.classify(Evidence.ofLog("t", List.of(l)));
            assertEquals(1, m.size(), l + "\n" + Files.readString(file));
            assertTrue(m.get(0).rule().id().startsWith("draft-"));
        }
    }
}
