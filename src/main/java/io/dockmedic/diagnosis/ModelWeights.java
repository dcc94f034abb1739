package io.dockmedic.diagnosis;

import io.dockmedic.rules.Category;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link CategoryModel} is made from, in the text form of the shipped resource: the classes it
 * tells apart (benign, then the contract's categories but unclassified), the posterior below which it
 * abstains ({@code threshold}), each class's bias and each feature's ({@link LineFeatures}) nonzero weights. Weights
 * are written rounded to {@link #DECIMALS} decimals, features sorted, so the same training gives the
 * same bytes; a weight that rounds to zero is left out.
 */
record ModelWeights(double threshold, List<String> classes, double[] bias,
                    Map<String, double[]> features) {
    static final String BENIGN = "benign";
    static final int DECIMALS = 3;
    private static final String HEADER = "# dockmedic category model v2: multinomial logistic regression over log-line"
            + " features; regenerate with scripts/train-category-model.sh";

    ModelWeights {
        classes = List.copyOf(classes);
        features = new TreeMap<>(features);
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

    String write() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        sb.append("threshold\t").append(format(threshold)).append('\n');
        sb.append("classes");
        classes.forEach(c -> sb.append('\t').append(c));
        sb.append("\nbias");
        for (double b : bias) {
            sb.append('\t').append(format(b));
        }
        sb.append('\n');
        features.forEach((f, w) -> {
            StringBuilder row = new StringBuilder();
            for (int c = 0; c < w.length; c++) {
                String v = format(w[c]);
                if (!isZero(v)) {
                    row.append(row.length() == 0 ? "" : ",").append(c).append(':').append(v);
                }
            }
            if (row.length() > 0) {
                sb.append("f\t").append(f).append('\t').append(row).append('\n');
            }
        });
        return sb.toString();
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%." + DECIMALS + "f", v);
    }

    private static boolean isZero(String v) {
        return Double.parseDouble(v) == 0;
    }

    /** Reads {@link #write}'s form; a malformed resource is a build defect, reported with its line. */
    static ModelWeights read(List<String> text, String source) {
        double threshold = Double.NaN;
        List<String> classes = null;
        double[] bias = null;
        Map<String, double[]> features = new TreeMap<>();
        int no = 0;
        for (String raw : text) {
            no++;
            if (raw.isEmpty() || raw.startsWith("#")) {
                continue;
            }
            String[] p = raw.split("\t", -1);
            try {
                switch (p[0]) {
                    case "threshold" -> threshold = Double.parseDouble(p[1]);
                    case "classes" -> classes = List.of(p).subList(1, p.length);
                    case "bias" -> bias = doubles(p);
                    case "f" -> features.put(p[1], weights(p[2], classes.size()));
                    default -> throw new IllegalArgumentException("unknown field " + p[0]);
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException(source + ":" + no + ": malformed category model line ("
                        + e.getMessage() + ")", e);
            }
        }
        if (classes == null || !classes.equals(classNames()) || bias == null || bias.length != classes.size() || Double.isNaN(threshold)) {
            throw new IllegalStateException(source + ": incomplete category model or classes not " + classNames());
        }
        return new ModelWeights(threshold, classes, bias, features);
    }

    private static double[] doubles(String[] p) {
        double[] out = new double[p.length - 1];
        for (int k = 1; k < p.length; k++) {
            out[k - 1] = Double.parseDouble(p[k]);
        }
        return out;
    }

    private static double[] weights(String spec, int classes) {
        double[] out = new double[classes];
        for (String pair : spec.split(",")) {
            int colon = pair.indexOf(':');
            out[Integer.parseInt(pair.substring(0, colon))] = Double.parseDouble(pair.substring(colon + 1));
        }
        return out;
    }
}
