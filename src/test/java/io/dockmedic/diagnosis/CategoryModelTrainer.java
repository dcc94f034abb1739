package io.dockmedic.diagnosis;

import io.dockmedic.evidence.Evidence;
import io.dockmedic.rules.RuleLoader;
import io.dockmedic.rules.RuleSet;
import io.dockmedic.text.LogText;
import io.dockmedic.text.Redactor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Not a test: trains the category model from the development corpus and writes the shipped resource
 * ({@code scripts/train-category-model.sh}), or with {@code tune} cross-validates the settings on the
 * development corpus only (5 folds by a hash of each line's source URL, so every run folds the same
 * way and no page's lines are on both sides; the held-out split is never read). Training is counting, so it is deterministic and needs no seed.
 */
public final class CategoryModelTrainer {
    static final Path DEV = Path.of("src/test/resources/corpus/real-lines.jsonl");
    static final Path RESOURCE = Path.of("src/main/resources/io/dockmedic/diagnosis", CategoryModel.RESOURCE);
    /** Chosen by {@code tune} (see docs/rules.md): the best cross-validated recall with no more false positives. */
    static final int MIN_COUNT = 3;
    static final int MIN_SOURCES = 2;
    static final double ALPHA = 1.0;
    static final double MARGIN = 12.0;
    private static final int FOLDS = 5;

    private CategoryModelTrainer() {
    }

    /** One corpus line: its first accepted category (or benign), all it accepts, the line. */
    record Labelled(String label, List<String> accept, String line, String source) {
    }

    static List<Labelled> read(Path file) throws IOException {
        List<Labelled> out = new ArrayList<>();
        for (CorpusLines.Line l : CorpusLines.read(file)) {
            String label = l.accept().isEmpty() ? ModelCounts.BENIGN : l.accept().get(0);
            if (!label.equals("unclassified")) {
                out.add(new Labelled(label, l.accept(), l.line(), l.source()));
            }
        }
        return out;
    }

    static ModelCounts train(List<Labelled> lines, int minCount, int minSources, double alpha, double margin) {
        return ModelCounts.count(lines.stream().map(l -> new ModelCounts.Example(l.label(), l.line(), l.source())).toList(),
                minCount, minSources, alpha, margin);
    }

    /** The resource text the development corpus gives with the chosen settings. */
    static String trainedResource() throws IOException {
        return train(read(DEV), MIN_COUNT, MIN_SOURCES, ALPHA, MARGIN).write();
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("tune")) {
            tune(read(DEV));
            return;
        }
        Files.writeString(RESOURCE, trainedResource(), StandardCharsets.UTF_8);
        System.out.println("wrote " + RESOURCE);
    }

    /** A cross-validated outcome of one line: what the rules said and what the model said. */
    private record Outcome(Labelled line, boolean ruleMatched, boolean ruleRight, String guess, double margin) {
    }

    private static void tune(List<Labelled> dev) throws Exception {
        RuleSet rules = RuleLoader.load(List.of(), true);
        Diagnoser diagnoser = new Diagnoser(() -> rules, FallbackClassifier.NONE);
        List<Boolean> matched = new ArrayList<>();
        List<Boolean> right = new ArrayList<>();
        for (Labelled l : dev) {
            Report r = diagnoseAlone(diagnoser, l.line());
            matched.add(r.matched());
            right.add(l.accept().isEmpty() ? !r.matched()
                    : l.accept().contains(r.matched() ? r.top().category().id() : "unclassified"));
        }
        for (int minSources : new int[] {1, 2, 3}) {
            for (int minCount : new int[] {1, 2, 3}) {
                for (double alpha : new double[] {0.03, 0.1, 0.3, 1.0}) {
                    List<Outcome> outcomes = crossValidate(dev, matched, right, minCount, minSources, alpha);
                    for (double margin = 0; margin <= 16; margin += 1) {
                        report(String.format(Locale.ROOT, "minSources=%d minCount=%d alpha=%.2f margin=%4.1f",
                                minSources, minCount, alpha, margin), margin, outcomes);
                    }
                }
            }
        }
    }

    private static List<Outcome> crossValidate(List<Labelled> dev, List<Boolean> matched, List<Boolean> right,
                                               int minCount, int minSources, double alpha) {
        List<Outcome> out = new ArrayList<>();
        for (int fold = 0; fold < FOLDS; fold++) {
            List<Labelled> train = new ArrayList<>();
            for (Labelled l : dev) {
                if (fold(l.source()) != fold) {
                    train.add(l);
                }
            }
            CategoryModel model = new CategoryModel(train(train, minCount, minSources, alpha, 0));
            for (int i = 0; i < dev.size(); i++) {
                Labelled l = dev.get(i);
                if (fold(l.source()) == fold) {
                    CategoryModel.Scores s = model.scores(l.line());
                    out.add(new Outcome(l, matched.get(i), right.get(i), s.best() < 0 ? null : model.className(s.best()),
                            s.margin()));
                }
            }
        }
        return out;
    }

    private static void report(String settings, double margin, List<Outcome> outcomes) {
        int failures = 0;
        int rulesRight = 0;
        int withRight = 0;
        int wrongGuesses = 0;
        int benign = 0;
        int rulesFp = 0;
        int withFp = 0;
        for (Outcome o : outcomes) {
            boolean guessed = o.guess() != null && o.margin() >= margin && !o.ruleMatched();
            if (o.line().accept().isEmpty()) {
                benign++;
                rulesFp += o.ruleMatched() ? 1 : 0;
                withFp += o.ruleMatched() || guessed ? 1 : 0;
            } else {
                failures++;
                rulesRight += o.ruleRight() ? 1 : 0;
                boolean guessRight = guessed && o.line().accept().contains(o.guess());
                withRight += o.ruleRight() || guessRight ? 1 : 0;
                wrongGuesses += guessed && !guessRight ? 1 : 0;
            }
        }
        System.out.printf(Locale.ROOT, "%s  recall rules %.1f%% -> with %.1f%%"
                        + "  (wrong guesses %d)  false positives rules %.1f%% -> with %.1f%%%n", settings,
                100.0 * rulesRight / failures, 100.0 * withRight / failures, wrongGuesses, 100.0 * rulesFp / benign,
                100.0 * withFp / benign);
    }

    /**
     * A line's fold: SHA-256 of its source URL mod 5, so that lines copied from one page (often one
     * software's near-identical messages) are never both trained on and tested, as with software
     * nobody has met yet.
     */
    private static int fold(String source) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return Byte.toUnsignedInt(h[1]) % FOLDS;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The line classified alone, as {@code diagnose --log -} classifies a one-line input. */
    static Report diagnoseAlone(Diagnoser diagnoser, String line) {
        byte[] input = (line + "\n").getBytes(StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        Redactor.Session redact = Redactor.generic().session();
        LogText.lines(new ByteArrayInputStream(input), LogText.DEFAULT_MAX_LINE_CHARS).forEach(l -> lines.add(redact.redact(l)));
        return diagnoser.diagnose(Evidence.ofLog("stdin", List.of()), lines);
    }
}
