package io.dockmedic.it;

import java.util.ArrayList;
import java.util.List;

/** Reads samples out of a Prometheus text exposition (an agent's /metrics), by metric name and label fragments. */
final class MetricsText {
    private MetricsText() {
    }

    /** Sample lines of a metric (name followed by '{' or ' '), e.g. "dockmedic_active_diagnosis". */
    static List<String> samples(String text, String metric) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                out.add(line);
            }
        }
        return out;
    }

    /** Sum of the values of the samples of a metric whose line contains every given fragment. */
    static double value(String text, String metric, String... fragments) {
        double sum = 0;
        for (String s : samples(text, metric)) {
            boolean all = true;
            for (String f : fragments) {
                all &= s.contains(f);
            }
            if (all) {
                sum += Double.parseDouble(s.substring(s.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
