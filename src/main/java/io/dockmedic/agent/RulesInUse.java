package io.dockmedic.agent;

import io.dockmedic.rules.RuleLoader;
import io.dockmedic.rules.RuleSet;
import io.dockmedic.yaml.ProblemsException;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The rule set diagnoses use. The first one is compiled on its own thread while the agent starts (the event stream
 * and {@code /healthz} need not wait for 104 rules and their automaton): {@link #get} waits for it, so no diagnosis
 * runs without rules. A reload swaps in a newer set.
 */
final class RulesInUse implements Supplier<RuleSet> {
    private final CompletableFuture<RuleSet> first;
    private final AtomicReference<RuleSet> current = new AtomicReference<>();

    /** The first rule set comes with {@link #loadFirst}. */
    RulesInUse() {
        this(new CompletableFuture<>());
    }

    /** @param first the first rule set, loading ({@link RuleLoader#loadInBackground}) */
    RulesInUse(CompletableFuture<RuleSet> first) {
        this.first = first;
    }

    /**
     * Starts compiling the first rule set once {@code signal} completes (the event stream is up) or after {@code atMost},
     * whichever comes first. Compiling the rules takes a core for a few hundred ms, which the subscription needs on the
     * way to ready (issue 18); the bound keeps a bad rule file failing the start (exit 2) while the engine does not
     * answer yet.
     */
    void loadFirstWhen(CompletionStage<?> signal, Duration atMost, List<Path> dirsOrFiles) {
        whenOrAfter(signal, atMost, () -> loadFirst(dirsOrFiles));
    }

    /** Runs {@code action} once: when {@code signal} completes (normally or not) or after {@code atMost}, whichever is first. */
    static void whenOrAfter(CompletionStage<?> signal, Duration atMost, Runnable action) {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        signal.whenComplete((v, e) -> gate.complete(null));
        gate.completeOnTimeout(null, atMost.toMillis(), TimeUnit.MILLISECONDS);
        gate.thenRun(action);
    }

    /** Starts compiling the first rule set (built-ins and these files or directories) on a thread of its own. */
    void loadFirst(List<Path> dirsOrFiles) {
        RuleLoader.loadInBackground(dirsOrFiles, true).whenComplete((set, error) -> {
            if (error != null) {
                first.completeExceptionally(error);
            } else {
                first.complete(set);
            }
        });
    }

    /**
     * Waits for the first rule set and throws its problems (the agent does not start with bad rules).
     *
     * @return the rule set in use
     */
    RuleSet awaitFirst() throws ProblemsException {
        current.compareAndSet(null, RuleLoader.await(first));
        return current.get();
    }

    /** The rule set in use; waits while the first one is compiled. */
    @Override
    public RuleSet get() {
        RuleSet now = current.get();
        if (now != null) {
            return now;
        }
        try {
            return awaitFirst();
        } catch (ProblemsException e) {
            throw new IllegalStateException("the rules could not be loaded: " + e.getMessage(), e);
        }
    }

    /** A reloaded rule set replaces the one in use. */
    void set(RuleSet fresh) {
        current.set(fresh);
    }

    /** How many rules are in use: 0 while the first set is compiled (never waits: {@code /healthz} asks). */
    int size() {
        RuleSet now = current.get();
        return now == null ? 0 : now.size();
    }
}
