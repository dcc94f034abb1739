package io.dockmedic.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.rules.RuleLoader;
import io.dockmedic.rules.RuleSet;
import io.dockmedic.yaml.Problem;
import io.dockmedic.yaml.ProblemsException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The first rule set compiles while the agent starts: nobody diagnoses without it, /healthz never waits for it. */
class RulesInUseTest {
    private static final RuleSet BUILTIN = builtin();
    private static final RuleSet OTHER = builtin();

    private static RuleSet builtin() {
        try {
            return RuleLoader.builtin();
        } catch (ProblemsException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aDiagnosisWaitsForTheFirstRuleSetAndTheCountDoesNot() throws Exception {
        CompletableFuture<RuleSet> first = new CompletableFuture<>();
        RulesInUse rules = new RulesInUse(first);
        assertEquals(0, rules.size(), "nothing in use while compiling, and asking does not wait");

        AtomicReference<RuleSet> seen = new AtomicReference<>();
        CountDownLatch asking = new CountDownLatch(1);
        Thread lane = new Thread(() -> {
            asking.countDown();
            seen.set(rules.get());
        });
        lane.start();
        asking.await();
        first.complete(BUILTIN);
        lane.join(TimeUnit.SECONDS.toMillis(10));
        assertSame(BUILTIN, seen.get(), "the waiting diagnosis got the first set");
        assertEquals(BUILTIN.size(), rules.size());
    }

    @Test
    void theFirstRulesCompileWhenTheStreamIsUpOrAfterTheBoundNeverTwice() throws Exception {
        CompletableFuture<Void> streamUp = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        RulesInUse.whenOrAfter(streamUp, java.time.Duration.ofSeconds(30), runs::incrementAndGet);
        Thread.sleep(200);
        assertEquals(0, runs.get(), "nothing compiles before the stream is up");
        streamUp.complete(null);
        assertEquals(1, runs.get(), "at once when it is");

        CountDownLatch late = new CountDownLatch(1);
        long t0 = System.nanoTime();
        RulesInUse.whenOrAfter(new CompletableFuture<>(), java.time.Duration.ofMillis(300), late::countDown);
        assertTrue(late.await(10, java.util.concurrent.TimeUnit.SECONDS), "an engine that never answers does not hold the rules back");
        assertTrue(System.nanoTime() - t0 >= 290_000_000L, "not before the bound");

        CompletableFuture<Void> failed = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicInteger once = new java.util.concurrent.atomic.AtomicInteger();
        RulesInUse.whenOrAfter(failed, java.time.Duration.ofMillis(100), once::incrementAndGet);
        failed.completeExceptionally(new IllegalStateException("x"));
        Thread.sleep(400);
        assertEquals(1, once.get(), "once: the signal and the bound both passed");
    }

    @Test
    void aReloadReplacesTheFirstSetAndIsNotUndoneByIt() throws Exception {
        CompletableFuture<RuleSet> first = CompletableFuture.completedFuture(BUILTIN);
        RulesInUse rules = new RulesInUse(first);
        rules.set(OTHER);
        assertSame(OTHER, rules.awaitFirst());
        assertSame(OTHER, rules.get());
    }

    @Test
    void badFirstRulesFailTheStartAndEveryDiagnosis() {
        ProblemsException bad = new ProblemsException("invalid rules", List.of(new Problem("team.yml", "rules[x].id", "x",
                "is defined twice in user rule files")));
        RulesInUse rules = new RulesInUse(CompletableFuture.failedFuture(bad));
        assertSame(bad, assertThrows(ProblemsException.class, rules::awaitFirst));
        IllegalStateException e = assertThrows(IllegalStateException.class, rules::get);
        assertTrue(e.getMessage().contains("team.yml"), e.getMessage());
        assertEquals(0, rules.size());
    }
}
