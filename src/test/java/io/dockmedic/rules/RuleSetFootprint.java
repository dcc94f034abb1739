package io.dockmedic.rules;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Not a test: {@code scripts/measure-rules-heap.sh} prints the heap the built-in rules hold once loaded
 * (copies kept alive, measured after a GC): the whole rule set as loaded (no RE2 program compiled yet),
 * its literal automaton alone, the same automaton with a table row for every state (as before rows
 * stopped at {@link LiteralIndex#TABLE_DEPTH}), and the RE2 programs of every pattern (what a rule set
 * held when it compiled them all at load); then how many patterns one classification of a typical
 * failure compiles.
 */
final class RuleSetFootprint {
    private static final int COPIES = 5;

    private RuleSetFootprint() {
    }

    public static void main(String[] args) throws Exception {
        RuleSet warm = RuleLoader.builtin();
        List<Condition.LinePattern> patterns = warm.patterns();
        System.out.printf(Locale.ROOT, "%d rules, %d line patterns (%d decided by LiteralPattern unless a line is beyond its budget)%n", warm.size(), patterns.size(),
                patterns.stream().filter(p -> p.literal() != null).count());
        System.out.printf(Locale.ROOT, "rule set as loaded:             %.2f MiB%n", mib(perCopy(() -> {
            try {
                return RuleLoader.builtin();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })));
        System.out.printf(Locale.ROOT, "  of which the automaton:       %.2f MiB%n", mib(perCopy(() -> new LiteralIndex(patterns))));
        System.out.printf(Locale.ROOT, "automaton, rows for all states: %.2f MiB%n",
                mib(perCopy(() -> new LiteralIndex(patterns, LiteralIndex.MAX_STATES, Integer.MAX_VALUE))));
        System.out.printf(Locale.ROOT, "every pattern's RE2 program:    %.2f MiB%n", mib(perCopy(() -> {
            List<Object> programs = new java.util.ArrayList<>();
            for (Condition.LinePattern p : patterns) {
                programs.add(com.google.re2j.Pattern.compile(p.text()));
                if (p.except() != null) {
                    programs.add(com.google.re2j.Pattern.compile(p.except().regex()));
                }
            }
            return programs;
        })));
        warm.classify(io.dockmedic.evidence.Evidence.ofLog("app", List.of("INFO request 1 served in 12ms",
                "psycopg2.OperationalError: connection to server at \"postgres\" (172.20.0.2), port 5432 failed: "
                        + "FATAL:  password authentication failed for user \"app\"")));
        System.out.printf(Locale.ROOT, "patterns compiled after classifying a PostgreSQL password failure: %d%n",
                patterns.stream().filter(p -> p.regex().isCompiled()).count());
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    private static long perCopy(Supplier<Object> load) throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        Object[] keep = new Object[COPIES];
        long before = used(mem);
        for (int i = 0; i < COPIES; i++) {
            keep[i] = load.get();
        }
        long after = used(mem);
        if (keep[COPIES - 1] == null) {
            throw new IllegalStateException();
        }
        return (after - before) / COPIES;
    }

    private static long used(MemoryMXBean mem) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }
}
