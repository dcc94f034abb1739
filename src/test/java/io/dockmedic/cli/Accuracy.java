package io.dockmedic.cli;

import io.dockmedic.diagnosis.CategoryModel;
import io.dockmedic.diagnosis.CorpusLines;
import io.dockmedic.diagnosis.Diagnoser;
import io.dockmedic.diagnosis.FallbackClassifier;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.rules.RuleLoader;
import io.dockmedic.rules.RuleSet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Not a test: measures the built-in rules, alone and with the statistical fallback
 * ({@link CategoryModel}), on corpora of real log lines (scripts/accuracy.sh runs it). Each line is
 * classified alone, exactly as {@code dockmedic diagnose --log -} classifies a one-line input
 * ({@link DiagnoseCommand#diagnoseLog(Diagnoser, String, java.io.InputStream)}: cleaned, redacted,
 * scanned). A line is right when the top diagnosis' category is in its {@code accept} list (an
 * {@code accept} naming {@code unclassified} is also right when nothing matched); with the fallback, a
 * line no rule matched is right when its probable category is accepted. A benign line
 * ({@code accept: []}) is right when nothing is diagnosed and, with the fallback, nothing is probable
 * either; {@code skip: true} lines are not counted.
 *
 * <p>Usage: {@code Accuracy NAME=FILE[:hidden] ...}; {@code :hidden} prints the misses of that corpus
 * only as counts per category, never their lines (the held-out split stays unseen).
 */
public final class Accuracy {

    private record Entry(String line, List<String> accept) {
    }

    /** One line's outcome: rules alone, then rules with the fallback. */
    private record Outcome(Entry entry, String got, boolean right, String probable, boolean rightWithFallback) {
    }

    private Accuracy() {
    }

    public static void main(String[] args) throws Exception {
        RuleSet rules = RuleLoader.load(List.of(), true); // what diagnose --log loads with no rule dirs configured
        Diagnoser diagnoser = new Diagnoser(() -> rules, FallbackClassifier.NONE);
        Diagnoser withFallback = new Diagnoser(() -> rules, CategoryModel.builtIn());
        System.out.println("built-in rules: " + rules.rules().size() + "\n");
        for (String arg : args) {
            boolean hidden = arg.endsWith(":hidden");
            String spec = hidden ? arg.substring(0, arg.length() - ":hidden".length()) : arg;
            int eq = spec.indexOf('=');
            String name = spec.substring(0, eq);
            Path file = Path.of(spec.substring(eq + 1));
            if (!Files.isRegularFile(file)) {
                System.out.println("== " + name + ": " + file + " not found, skipped\n");
                continue;
            }
            report(name, measure(diagnoser, withFallback, read(file)), hidden);
        }
    }

    private static List<Entry> read(Path file) throws IOException {
        return CorpusLines.read(file).stream().map(l -> new Entry(l.line(), l.accept())).toList();
    }

    private static List<Outcome> measure(Diagnoser diagnoser, Diagnoser withFallback, List<Entry> entries) {
        List<Outcome> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            Report r = diagnose(diagnoser, e.line());
            String got = r.matched() ? r.top().category().id() : "unclassified";
            boolean right = e.accept().isEmpty() ? !r.matched() : e.accept().contains(got);
            Report f = diagnose(withFallback, e.line());
            String probable = f.probable() == null ? null : f.probable().category().id();
            boolean rightWithFallback = r.matched() || probable == null ? right
                    : !e.accept().isEmpty() && e.accept().contains(probable);
            out.add(new Outcome(e, r.matched() ? got + " (" + r.top().rule() + ")" : "nothing", right, probable,
                    rightWithFallback));
        }
        return out;
    }

    private static Report diagnose(Diagnoser diagnoser, String line) {
        byte[] input = (line + "\n").getBytes(StandardCharsets.UTF_8);
        return DiagnoseCommand.diagnoseLog(diagnoser, "stdin", new ByteArrayInputStream(input));
    }

    /** The category a line is counted under: its first accepted category, or "benign". */
    private static String expected(Entry e) {
        return e.accept().isEmpty() ? "benign" : e.accept().get(0);
    }

    private static void report(String name, List<Outcome> outcomes, boolean hidden) {
        Map<String, int[]> byCategory = new TreeMap<>(); // category -> {lines, right, right with fallback}
        int[] failures = new int[3];
        int[] benign = new int[3]; // lines, flagged, flagged with fallback
        for (Outcome o : outcomes) {
            int[] c = byCategory.computeIfAbsent(expected(o.entry()), k -> new int[3]);
            c[0]++;
            c[1] += o.right() ? 1 : 0;
            c[2] += o.rightWithFallback() ? 1 : 0;
            int[] t = o.entry().accept().isEmpty() ? benign : failures;
            t[0]++;
            if (t == benign) {
                t[1] += o.right() ? 0 : 1;
                t[2] += o.rightWithFallback() ? 0 : 1;
            } else {
                t[1] += o.right() ? 1 : 0;
                t[2] += o.rightWithFallback() ? 1 : 0;
            }
        }
        System.out.println("== " + name + ": " + outcomes.size() + " lines (" + failures[0] + " failure lines, "
                + benign[0] + " benign)");
        System.out.printf(Locale.ROOT, "rules alone:         recall %d/%d = %s, false positives %d/%d = %s%n",
                failures[1], failures[0], pct(failures[1], failures[0]), benign[1], benign[0], pct(benign[1], benign[0]));
        System.out.printf(Locale.ROOT, "rules + probable:    recall %d/%d = %s, false positives %d/%d = %s%n",
                failures[2], failures[0], pct(failures[2], failures[0]), benign[2], benign[0], pct(benign[2], benign[0]));
        System.out.printf(Locale.ROOT, "%-18s %6s %6s %8s %9s %8s%n", "category", "lines", "rules", "rate", "+probable",
                "rate");
        byCategory.forEach((cat, c) -> System.out.printf(Locale.ROOT, "%-18s %6d %6d %8s %9d %8s%s%n", cat, c[0], c[1],
                pct(c[1], c[0]), c[2], pct(c[2], c[0]), "benign".equals(cat)
                        ? "  (false-positive rate " + pct(c[0] - c[1], c[0]) + " -> " + pct(c[0] - c[2], c[0]) + ")" : ""));
        List<Outcome> misses = outcomes.stream().filter(o -> !o.right() || !o.rightWithFallback()).toList();
        if (hidden) {
            Map<String, Integer> counts = new TreeMap<>();
            Map<String, Integer> withFallback = new TreeMap<>();
            misses.stream().filter(o -> !o.right()).forEach(o -> counts.merge(expected(o.entry()), 1, Integer::sum));
            misses.stream().filter(o -> !o.rightWithFallback())
                    .forEach(o -> withFallback.merge(expected(o.entry()), 1, Integer::sum));
            System.out.println("misses (held out: counts only) rules " + counts + ", rules + probable " + withFallback);
            // what the misses became, as categories only: a wrong rule (another category) or nothing matched
            Map<String, Integer> became = new TreeMap<>();
            misses.stream().filter(o -> !o.rightWithFallback()).forEach(o -> became.merge(expected(o.entry()) + " -> "
                    + (o.got().equals("nothing") ? o.probable() == null ? "nothing" : "probable " + o.probable()
                    : o.got().substring(0, o.got().indexOf(' '))), 1, Integer::sum));
            System.out.println("misses (held out: counts only) became, rules + probable " + became);
        } else {
            System.out.println("misses (" + misses.size() + "; 'probable' is the fallback's guess, '(right)' when accepted):");
            for (Outcome o : misses) {
                String want = o.entry().accept().isEmpty() ? "nothing" : String.join("|", o.entry().accept());
                String guess = o.probable() == null ? "" : ", probable " + o.probable()
                        + (o.rightWithFallback() ? " (right)" : "");
                System.out.println("  expected " + want + ", got " + o.got() + guess + "\n      " + o.entry().line());
            }
        }
        System.out.println();
    }

    private static String pct(int part, int whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }
}
