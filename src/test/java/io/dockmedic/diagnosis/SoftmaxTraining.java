package io.dockmedic.diagnosis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Trains {@link CategoryModel}'s multinomial logistic regression: full-batch gradient descent with
 * AdaGrad steps and an L2 penalty, a fixed number of passes over the lines in their corpus order, in
 * {@link StrictMath} arithmetic, so the same lines give the same weights on every JVM (and the same
 * resource bytes; no random seed is involved). A line that accepts several categories is fitted to all
 * of them at once (its loss is minus the log of the probability of its accepted classes together), so
 * "a database or a cache" is not forced to be one. Features seen fewer than {@code minCount} times, or on
 * fewer than {@code minSources} source pages, are left out: a feature only one page has (a compose
 * service name, a logger's class, a host) says which page a line came from, not what went wrong.
 */
final class SoftmaxTraining {
    /** One training line: the classes it accepts (indexes into {@link ModelWeights#classNames()}), its text, its page. */
    record Example(int[] accept, String line, String source) {
    }

    /**
     * The settings of training (cross-validated by {@code CategoryModelTrainer tune}); a weight smaller
     * than {@code cut} is dropped after training, which keeps the shipped model small.
     */
    record Settings(int minCount, int minSources, double l2, int passes, double rate, double benignWeight,
                    double cut) {
    }

    private SoftmaxTraining() {
    }

    static ModelWeights train(List<Example> examples, Settings s, double threshold) {
        List<String> classes = ModelWeights.classNames();
        int k = classes.size();
        int benign = classes.indexOf(ModelWeights.BENIGN);
        List<List<String>> lineFeatures = new ArrayList<>(examples.size());
        Map<String, Integer> index = vocabulary(examples, s, lineFeatures);
        int[][] x = new int[examples.size()][];
        for (int e = 0; e < examples.size(); e++) {
            x[e] = lineFeatures.get(e).stream().filter(index::containsKey).mapToInt(index::get).toArray();
        }
        double[] w = new double[index.size() * k];
        double[] b = new double[k];
        double[] hw = new double[w.length];
        double[] hb = new double[k];
        double[] g = new double[w.length];
        double[] gb = new double[k];
        double[] p = new double[k];
        double total = 0;
        for (Example e : examples) {
            total += e.accept()[0] == benign ? s.benignWeight() : 1;
        }
        for (int pass = 0; pass < s.passes(); pass++) {
            java.util.Arrays.fill(g, 0);
            java.util.Arrays.fill(gb, 0);
            for (int e = 0; e < x.length; e++) {
                softmax(x[e], w, b, p);
                double accepted = 0;
                for (int c : examples.get(e).accept()) {
                    accepted += p[c];
                }
                for (int c : examples.get(e).accept()) {
                    p[c] -= p[c] / accepted;
                }
                double weight = examples.get(e).accept()[0] == benign ? s.benignWeight() : 1;
                for (int c = 0; c < k; c++) {
                    p[c] *= weight;
                    gb[c] += p[c];
                    for (int f : x[e]) {
                        g[f * k + c] += p[c];
                    }
                }
            }
            double n = total;
            for (int i = 0; i < w.length; i++) {
                double gi = g[i] / n + s.l2() * w[i];
                hw[i] += gi * gi;
                w[i] -= s.rate() * gi / (StrictMath.sqrt(hw[i]) + 1e-8);
            }
            for (int c = 0; c < k; c++) {
                double gi = gb[c] / n;
                hb[c] += gi * gi;
                b[c] -= s.rate() * gi / (StrictMath.sqrt(hb[c]) + 1e-8);
            }
        }
        Map<String, double[]> features = new TreeMap<>();
        index.forEach((f, i) -> {
            double[] row = new double[k];
            for (int c = 0; c < k; c++) {
                double v = w[i * k + c];
                row[c] = Math.abs(v) < s.cut() ? 0 : v;
            }
            features.put(f, row);
        });
        return new ModelWeights(threshold, classes, b, features);
    }

    private static void softmax(int[] x, double[] w, double[] b, double[] p) {
        int k = b.length;
        System.arraycopy(b, 0, p, 0, k);
        for (int f : x) {
            for (int c = 0; c < k; c++) {
                p[c] += w[f * k + c];
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : p) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            p[c] = StrictMath.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < k; c++) {
            p[c] /= sum;
        }
    }

    /** The kept features, numbered in sorted order; fills {@code lineFeatures} with each line's features. */
    private static Map<String, Integer> vocabulary(List<Example> examples, Settings s, List<List<String>> lineFeatures) {
        Map<String, Integer> count = new TreeMap<>();
        Map<String, Set<String>> sources = new HashMap<>();
        for (Example e : examples) {
            List<String> fs = LineFeatures.of(e.line());
            lineFeatures.add(fs);
            for (String f : fs) {
                count.merge(f, 1, Integer::sum);
                Set<String> seen = sources.computeIfAbsent(f, key -> new HashSet<>());
                if (seen.size() < s.minSources()) {
                    seen.add(e.source());
                }
            }
        }
        Map<String, Integer> index = new TreeMap<>();
        count.forEach((f, n) -> {
            if (n >= s.minCount() && sources.get(f).size() >= s.minSources()) {
                index.put(f, index.size());
            }
        });
        return index;
    }
}
