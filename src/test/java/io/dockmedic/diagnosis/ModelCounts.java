package io.dockmedic.diagnosis;

import io.dockmedic.rules.Category;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The naive Bayes baseline of {@code CategoryModelTrainer tune} ({@link NaiveBayesBaseline}, the model
 * dockmedic shipped before the logistic regression; over words and pairs of words only) is made from this: for each class (benign, then the contract's categories
 * but unclassified) how many training lines it has and how often each feature occurs in them, with
 * the two settings of the model (smoothing and the margin below which it abstains). Counting is the
 * whole of training a multinomial naive Bayes model, so it is deterministic: the same lines give the
 * same counts, and {@link #write} the same text, which is how the shipped resource is checked to be
 * up to date. The text form is tab-separated, features sorted.
 */
final class ModelCounts {
    static final String BENIGN = "benign";
    private static final String HEADER = "# dockmedic category model v1: multinomial naive Bayes over log-line features;"
            + " regenerate with scripts/train-category-model.sh";

    final List<String> classes;
    final int[] lines;
    final long[] tokens;
    final Map<String, int[]> features;
    final double alpha;
    final double margin;

    private ModelCounts(List<String> classes, int[] lines, long[] tokens, Map<String, int[]> features, double alpha,
                        double margin) {
        this.classes = List.copyOf(classes);
        this.lines = lines;
        this.tokens = tokens;
        this.features = features;
        this.alpha = alpha;
        this.margin = margin;
    }

    /** The classes a model tells apart, in their fixed order: benign, then the categories. */
    static List<String> classNames() {
        List<String> names = new ArrayList<>();
        names.add(BENIGN);
        for (Category c : Category.values()) {
            if (c != Category.UNCLASSIFIED) {
                names.add(c.id());
            }
        }
        return names;
    }

    /** One training line: its class, its text, and the page it was copied from. */
    record Example(String label, String line, String source) {
    }

    /**
     * Counts over labelled lines; features seen fewer than {@code minCount} times in all, or on fewer
     * than {@code minSources} distinct source pages, are left out: a feature only one page has (a
     * compose service name, a logger's class, a host) says which page a line came from, not what went
     * wrong, and lets that page's benign lines look like its failures.
     */
    static ModelCounts count(List<Example> examples, int minCount, int minSources, double alpha, double margin) {
        List<String> classes = classNames();
        int[] lines = new int[classes.size()];
        Map<String, int[]> all = new TreeMap<>();
        Map<String, Set<String>> sources = new HashMap<>();
        for (Example e : examples) {
            int c = classes.indexOf(e.label());
            if (c < 0) {
                throw new IllegalArgumentException("unknown class " + e.label());
            }
            lines[c]++;
            for (String f : LineFeatures.of(e.line())) {
                all.computeIfAbsent(f, k -> new int[classes.size()])[c]++;
                Set<String> seen = sources.computeIfAbsent(f, k -> new HashSet<>());
                if (seen.size() < minSources) {
                    seen.add(e.source());
                }
            }
        }
        Map<String, int[]> kept = new TreeMap<>();
        long[] tokens = new long[classes.size()];
        all.forEach((f, counts) -> {
            int total = 0;
            for (int n : counts) {
                total += n;
            }
            if (total >= minCount && sources.get(f).size() >= minSources) {
                kept.put(f, counts);
                for (int c = 0; c < counts.length; c++) {
                    tokens[c] += counts[c];
                }
            }
        });
        return new ModelCounts(classes, lines, tokens, kept, alpha, margin);
    }

    String write() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        sb.append("alpha\t").append(alpha).append('\n');
        sb.append("margin\t").append(margin).append('\n');
        sb.append("classes");
        classes.forEach(c -> sb.append('\t').append(c));
        sb.append("\nlines");
        for (int n : lines) {
            sb.append('\t').append(n);
        }
        sb.append('\n');
        features.forEach((f, counts) -> {
            sb.append("f\t").append(f).append('\t');
            boolean first = true;
            for (int c = 0; c < counts.length; c++) {
                if (counts[c] > 0) {
                    sb.append(first ? "" : ",").append(c).append(':').append(counts[c]);
                    first = false;
                }
            }
            sb.append('\n');
        });
        return sb.toString();
    }

    /** Reads {@link #write}'s form; a malformed resource is a build defect, reported with its line. */
    static ModelCounts read(List<String> text, String source) {
        double alpha = Double.NaN;
        double margin = Double.NaN;
        List<String> classes = null;
        int[] lines = null;
        Map<String, int[]> features = new TreeMap<>();
        int no = 0;
        for (String raw : text) {
            no++;
            if (raw.isEmpty() || raw.startsWith("#")) {
                continue;
            }
            String[] p = raw.split("\t", -1);
            String at = source + ":" + no + ": ";
            try {
                switch (p[0]) {
                    case "alpha" -> alpha = Double.parseDouble(p[1]);
                    case "margin" -> margin = Double.parseDouble(p[1]);
                    case "classes" -> classes = List.of(p).subList(1, p.length);
                    case "lines" -> lines = ints(p);
                    case "f" -> features.put(p[1], counts(p[2], classes.size()));
                    default -> throw new IllegalArgumentException("unknown field " + p[0]);
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException(at + "malformed category model line (" + e.getMessage() + ")", e);
            }
        }
        if (classes == null || !classes.equals(classNames()) || lines == null || lines.length != classes.size()
                || Double.isNaN(alpha) || Double.isNaN(margin)) {
            throw new IllegalStateException(source + ": incomplete category model or classes not "
                    + classNames());
        }
        long[] tokens = new long[classes.size()];
        features.values().forEach(c -> {
            for (int k = 0; k < c.length; k++) {
                tokens[k] += c[k];
            }
        });
        return new ModelCounts(classes, lines, tokens, features, alpha, margin);
    }

    private static int[] ints(String[] p) {
        int[] out = new int[p.length - 1];
        for (int k = 1; k < p.length; k++) {
            out[k - 1] = Integer.parseInt(p[k]);
        }
        return out;
    }

    private static int[] counts(String spec, int classes) {
        int[] out = new int[classes];
        for (String pair : spec.split(",")) {
            int colon = pair.indexOf(':');
            out[Integer.parseInt(pair.substring(0, colon))] = Integer.parseInt(pair.substring(colon + 1));
        }
        return out;
    }
}
