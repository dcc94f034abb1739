package io.dockmedic.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.evidence.Evidence;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A loaded rule set holds no RE2 program: the loader compiles every pattern to check it, then keeps
 * only its text; a pattern compiles when a line first makes it a candidate (the prefilter rejects most
 * lines for most patterns, so a daemon compiles few of them: the built-ins' programs were ~3 MiB of
 * a heap whose live set is ~19 MiB). A pattern that {@link LiteralPattern} decides does not compile for
 * an ordinary line.
 */
class LazyPatternTest {
    private static final String PG_LINE =
            "psycopg2.OperationalError: connection to server at \"postgres\" (172.20.0.2), port 5432 failed: "
                    + "FATAL:  password authentication failed for user \"app\"";

    private static long compiled(RuleSet rules) {
        return rules.patterns().stream().filter(p -> p.regex().isCompiled()
                || (p.except() != null && p.except().isCompiled())).count();
    }

    @Test
    void aLoadedRuleSetHoldsNoProgram() throws Exception {
        RuleSet rules = RuleLoader.builtin();
        assertEquals(0, compiled(rules), "patterns compiled right after loading");
    }

    @Test
    void onlyCandidatesCompileAndTheRulesStillMatch() throws Exception {
        RuleSet rules = RuleLoader.builtin();
        List<RuleMatch> matches = rules.classify(Evidence.ofLog("app", List.of(
                "INFO request 1 served in 12ms", PG_LINE)));
        assertFalse(matches.isEmpty(), "the password line matches a rule");
        long n = compiled(rules);
        assertTrue(n < rules.patterns().size() / 10, "compiled after one classification: " + n);
        // no pattern that LiteralPattern decides compiled
        for (Condition.LinePattern p : rules.patterns()) {
            if (p.literal() != null) {
                assertFalse(p.regex().isCompiled(), p.text());
            }
        }
        // the corpus makes candidates of patterns that only RE2 decides: those compile, not the rest
        for (String line : PrefilterTest.corpusAndShippedTestLines()) {
            rules.classify(Evidence.ofLog("app", List.of(line)));
        }
        long needRe2 = rules.patterns().stream().filter(p -> p.literal() == null).count();
        long afterCorpus = compiled(rules);
        assertTrue(afterCorpus > n && afterCorpus < rules.patterns().size(), "compiled after the corpus: " + afterCorpus
                + " of " + rules.patterns().size() + " (" + needRe2 + " not decided by LiteralPattern)");
        // the same answer from a rule set whose patterns are all compiled already
        RuleSet all = RuleLoader.builtin();
        all.patterns().forEach(Condition.LinePattern::pattern);
        List<RuleMatch> again = all.classify(Evidence.ofLog("app", List.of("INFO request 1 served in 12ms", PG_LINE)));
        assertEquals(matches.stream().map(m -> m.rule().id()).toList(), again.stream().map(m -> m.rule().id()).toList());
    }

    @Test
    void aPatternCompiledByRacingThreadsIsOneProgramForAll() throws Exception {
        LazyPattern lazy = new LazyPattern("password authentication failed for user \"([^\"]+)\"");
        assertFalse(lazy.isCompiled());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> found = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                found.add(pool.submit(() -> {
                    go.await();
                    return lazy.get().matcher(PG_LINE).find();
                }));
            }
            go.countDown();
            for (Future<Boolean> f : found) {
                assertTrue(f.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(lazy.isCompiled());
        assertTrue(lazy.get() == lazy.get(), "one program kept");
        assertEquals(new LazyPattern("a+b"), new LazyPattern("a+b"));
    }
}
