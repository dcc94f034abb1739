package io.dockmedic.diagnosis;

import io.dockmedic.rules.Category;
import io.dockmedic.text.LogMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The statistical fallback for lines no rule matched: a multinomial logistic regression (softmax) over
 * {@link LineFeatures}, trained from the development corpus at build time
 * ({@code scripts/train-category-model.sh}; {@code CategoryModelResourceTest} fails when the shipped
 * resource is not what the corpus gives). Benign lines are a class of their own, so the model can say
 * "not a failure"; it abstains unless a failure category wins with a posterior of at least the trained
 * threshold (and never on a line with no feature it knows). Written by hand: a
 * softmax is a sum of weights and an exponential; the Java libraries that offer it (Smile, GPL-licensed;
 * Tribuo, Weka) would add megabytes to an agent whose footprint is counted.
 *
 * <p>Held compactly: each feature is known by a 64-bit hash of its text (sorted, found by binary
 * search) with its few nonzero weights in flat arrays, so the loaded model is a few arrays, not a map
 * of strings.
 */
public final class CategoryModel implements FallbackClassifier {
    /** The highest confidence a probable cause gets: below any rule's. */
    public static final double MAX_CONFIDENCE = 0.5;
    static final String RESOURCE = "category-model.tsv";

    private final List<String> classes;
    private final int benign;
    private final double threshold;
    private final double[] bias;
    private final long[] keys;
    private final int[] start;
    private final byte[] weightClass;
    private final float[] weight;

    CategoryModel(ModelWeights w) {
        classes = w.classes();
        benign = classes.indexOf(ModelWeights.BENIGN);
        threshold = w.threshold();
        bias = w.bias().clone();
        String[] names = w.features().keySet().toArray(new String[0]);
        double[][] rows = w.features().values().toArray(new double[0][]);
        int n = names.length;
        Integer[] order = new Integer[n];
        long[] hashes = new long[n];
        int nonzero = 0;
        for (int i = 0; i < n; i++) {
            order[i] = i;
            hashes[i] = hash(names[i]);
            for (double v : rows[i]) {
                nonzero += (float) v != 0 ? 1 : 0;
            }
        }
        Arrays.sort(order, (a, b) -> Long.compare(hashes[a], hashes[b]));
        keys = new long[n];
        start = new int[n + 1];
        weightClass = new byte[nonzero];
        weight = new float[nonzero];
        int at = 0;
        for (int i = 0; i < n; i++) {
            keys[i] = hashes[order[i]];
            if (i > 0 && keys[i] == keys[i - 1]) {
                throw new IllegalStateException("two category-model features share a hash: " + names[order[i]]);
            }
            start[i] = at;
            double[] row = rows[order[i]];
            for (int c = 0; c < row.length; c++) {
                if ((float) row[c] != 0) {
                    weightClass[at] = (byte) c;
                    weight[at++] = (float) row[c];
                }
            }
        }
        start[n] = at;
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
                return new CategoryModel(ModelWeights.read(r.lines().toList(), RESOURCE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The most confident probable cause among some lines, or empty when the model abstains on all. */
    @Override
    public Optional<Probable> classify(List<String> lines) {
        Probable best = null;
        double bestPosterior = Double.NEGATIVE_INFINITY;
        for (String line : lines) {
            if (LogMessage.statesLevelBelowError(line)) { // the program says it is no failure
                continue;
            }
            Scores s = scores(line);
            if (s.confident(threshold) && s.posterior() > bestPosterior) {
                bestPosterior = s.posterior();
                best = new Probable(Category.of(classes.get(s.best())).orElseThrow(), MAX_CONFIDENCE * s.posterior(),
                        line);
            }
        }
        return Optional.ofNullable(best);
    }

    /** The class scores of one line: the best class and its posterior. */
    Scores scores(String line) {
        double[] z = bias.clone();
        int known = 0;
        for (String f : LineFeatures.of(line)) {
            int i = Arrays.binarySearch(keys, hash(f));
            if (i >= 0) {
                known++;
                for (int j = start[i]; j < start[i + 1]; j++) {
                    z[weightClass[j]] += weight[j];
                }
            }
        }
        int best = 0;
        for (int c = 1; c < z.length; c++) {
            if (z[c] > z[best]) {
                best = c;
            }
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - z[best]);
        }
        return new Scores(best == benign || known == 0 ? -1 : best, 1 / sum);
    }

    /** {@code best} is -1 when benign wins or the line has no feature the model knows. */
    record Scores(int best, double posterior) {
        boolean confident(double threshold) {
            return best >= 0 && posterior >= threshold;
        }
    }

    String className(int index) {
        return classes.get(index);
    }

    /** FNV-1a, 64 bits, over the UTF-16 units of a feature: the same on every JVM. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
