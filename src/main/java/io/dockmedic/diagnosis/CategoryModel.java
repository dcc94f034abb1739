package io.dockmedic.diagnosis;

import io.dockmedic.rules.Category;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statistical fallback for lines no rule matched: a multinomial naive Bayes model over
 * {@link LineFeatures}, trained from the development corpus at build time
 * ({@code scripts/train-category-model.sh}; {@code CategoryModelResourceTest} fails when the shipped
 * resource is not what the corpus gives). It abstains unless a failure category beats every other
 * class, benign included, by the trained margin (in natural-log units), which keeps its false alarms
 * on benign lines down. Written by hand: naive Bayes is counting and a sum of logarithms; the Java
 * libraries that offer it (Smile, GPL-licensed; Tribuo, Weka) would add megabytes to an agent whose
 * footprint is counted.
 */
public final class CategoryModel implements FallbackClassifier {
    /** The highest confidence a probable cause gets: below any rule's. */
    public static final double MAX_CONFIDENCE = 0.5;
    static final String RESOURCE = "category-model.tsv";

    private final List<String> classes;
    private final double[] logPrior;
    private final Map<String, double[]> logLikelihood;
    private final double margin;

    CategoryModel(ModelCounts counts) {
        this.classes = counts.classes;
        int k = classes.size();
        long allLines = 0;
        for (int n : counts.lines) {
            allLines += n;
        }
        logPrior = new double[k];
        double[] denominator = new double[k];
        int vocabulary = counts.features.size();
        for (int c = 0; c < k; c++) {
            logPrior[c] = Math.log((counts.lines[c] + 1.0) / (allLines + k));
            denominator[c] = Math.log(counts.tokens[c] + counts.alpha * vocabulary);
        }
        logLikelihood = new HashMap<>(counts.features.size() * 2);
        counts.features.forEach((f, n) -> {
            double[] l = new double[k];
            for (int c = 0; c < k; c++) {
                l[c] = Math.log(n[c] + counts.alpha) - denominator[c];
            }
            logLikelihood.put(f, l);
        });
        this.margin = counts.margin;
    }

    /** The model shipped with dockmedic, read once. */
    public static CategoryModel builtIn() {
        return BuiltIn.MODEL;
    }

    private static final class BuiltIn {
        static final CategoryModel MODEL = load();

        private static CategoryModel load() {
            try (InputStream in = CategoryModel.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + RESOURCE + " missing from the build");
                }
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                return new CategoryModel(ModelCounts.read(r.lines().toList(), RESOURCE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The most confident probable cause among some lines, or empty when the model abstains on all. */
    @Override
    public Optional<Probable> classify(List<String> lines) {
        Probable best = null;
        double bestMargin = Double.NEGATIVE_INFINITY;
        for (String line : lines) {
            Scores s = scores(line);
            if (s.confident(margin) && s.margin() > bestMargin) {
                bestMargin = s.margin();
                best = new Probable(Category.of(classes.get(s.best())).orElseThrow(),
                        MAX_CONFIDENCE * s.posterior(), line);
            }
        }
        return Optional.ofNullable(best);
    }

    /** The class scores of one line: the best class, its lead over the runner-up, its posterior. */
    Scores scores(String line) {
        double[] score = logPrior.clone();
        int known = 0;
        for (String f : LineFeatures.of(line)) {
            double[] l = logLikelihood.get(f);
            if (l != null) {
                known++;
                for (int c = 0; c < score.length; c++) {
                    score[c] += l[c];
                }
            }
        }
        int best = 0;
        for (int c = 1; c < score.length; c++) {
            if (score[c] > score[best]) {
                best = c;
            }
        }
        double second = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int c = 0; c < score.length; c++) {
            if (c != best) {
                second = Math.max(second, score[c]);
                sum += Math.exp(score[c] - score[best]);
            }
        }
        return new Scores(known == 0 || classes.get(best).equals(ModelCounts.BENIGN) ? -1 : best,
                score[best] - second, 1 / (1 + sum));
    }

    /** {@code best} is -1 when the line is benign or has no known feature. */
    record Scores(int best, double margin, double posterior) {
        boolean confident(double threshold) {
            return best >= 0 && margin >= threshold;
        }
    }

    String className(int index) {
        return classes.get(index);
    }
}
