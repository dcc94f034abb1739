package io.dockmedic.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelWeightsTest {
    private static final List<String> CLASSES = ModelWeights.classNames();
    private static final ModelWeights WEIGHTS = new ModelWeights(0.4, CLASSES, new double[CLASSES.size()],
            Map.of("refused", row("db-unreachable", 1.23456), "ready", row("benign", -0.0004)));

    private static double[] row(String category, double weight) {
        double[] r = new double[CLASSES.size()];
        r[CLASSES.indexOf(category)] = weight;
        return r;
    }

    @Test
    void writtenWeightsReadBackToTheSameText() {
        String text = WEIGHTS.write();
        assertEquals(text, ModelWeights.read(text.lines().toList(), "t").write());
        assertTrue(text.contains("f\trefused\t" + CLASSES.indexOf("db-unreachable") + ":1.235\n"), text);
    }

    @Test
    void aWeightThatRoundsToZeroIsLeftOut() {
        assertFalse(WEIGHTS.write().contains("ready"));
    }

    @Test
    void aMalformedResourceNamesItsLine() {
        List<String> text = new ArrayList<>(WEIGHTS.write().lines().toList());
        text.set(4, "f\tbroken\t1:x");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ModelWeights.read(text, "model.tsv"));
        assertTrue(e.getMessage().startsWith("model.tsv:5: malformed category model line"), e.getMessage());
    }

    @Test
    void aResourceForOtherClassesIsRefused() {
        List<String> text = new ArrayList<>(WEIGHTS.write().lines().toList());
        text.replaceAll(l -> l.startsWith("classes") ? "classes\tbenign\tdns" : l);
        assertThrows(IllegalStateException.class, () -> ModelWeights.read(text, "model.tsv"));
    }
}
