package io.dockmedic.diagnosis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fallback dockmedic shipped before the logistic regression, kept as the baseline that
 * {@code CategoryModelTrainer tune} measures against: a binarized multinomial naive Bayes over {@link LineFeatures}
 * ({@link ModelCounts}), abstaining unless a failure category leads every other class,
 * benign included, by a margin in natural-log units.
 */
final class NaiveBayesBaseline {
    private final List<String> classes;
    private final double[] logPrior;
    private final Map<String, double[]> logLikelihood;

    NaiveBayesBaseline(ModelCounts counts) {
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
    }

    /** The best class of a line (null when benign wins or no feature is known) and its lead over the runner-up. */
    record Guess(String category, double margin) {
    }

    Guess guess(String line) {
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
        for (int c = 0; c < score.length; c++) {
            if (c != best) {
                second = Math.max(second, score[c]);
            }
        }
        boolean none = known == 0 || classes.get(best).equals(ModelCounts.BENIGN);
        return new Guess(none ? null : classes.get(best), score[best] - second);
    }
}
