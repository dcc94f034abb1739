package io.dockmedic.rules;

import io.dockmedic.yaml.YamlSource;
import org.yaml.snakeyaml.nodes.Node;

/** Scalars of rule files: a problem (key path and value) when a value is not what the key takes. */
final class Scalars {
    private Scalars() {
    }

    static boolean bool(YamlSource src, Node n, String p) {
        String v = src.scalar(n, p);
        if ("true".equals(v)) {
            return true;
        }
        if (!"false".equals(v)) {
            src.problem(n, p, v, "must be true or false");
        }
        return false;
    }

    static int intIn(YamlSource src, Node n, String p, int min, int max) {
        String v = src.scalar(n, p);
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                src.problem(n, p, v, "must be between " + min + " and " + max);
            }
            return i;
        } catch (NumberFormatException e) {
            src.problem(n, p, v, "is not a whole number");
            return min;
        }
    }
}
