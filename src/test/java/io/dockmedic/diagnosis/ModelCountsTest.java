package io.dockmedic.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCountsTest {
    private static final ModelCounts COUNTS = ModelCounts.count(List.of(
            example("dns", "getaddrinfo EAI_AGAIN db", "a"),
            example("dns", "lookup db: no such host", "b"),
            example("benign", "listening on port 8080", "c")), 1, 1, 0.5, 3.0);

    private static ModelCounts.Example example(String label, String line, String source) {
        return new ModelCounts.Example(label, line, source);
    }

    @Test
    void writtenCountsReadBackToTheSameText() {
        String text = COUNTS.write();
        assertEquals(text, ModelCounts.read(text.lines().toList(), "t").write());
    }

    @Test
    void rareFeaturesAreLeftOut() {
        ModelCounts pruned = ModelCounts.count(List.of(example("dns", "no such host", "a"),
                example("dns", "no such host", "b"), example("benign", "listening", "c")), 2, 1, 1.0, 1.0);
        assertEquals(List.of("host", "no", "no such", "such", "such host"), new ArrayList<>(pruned.features.keySet()));
    }

    @Test
    void featuresOfOneSourcePageAloneAreLeftOut() {
        ModelCounts pruned = ModelCounts.count(List.of(example("dns", "hz-client lookup db: no such host", "a"),
                example("benign", "hz-client lookup db ok", "a"), example("dns", "no such host", "b")), 1, 2, 1.0, 1.0);
        assertEquals(List.of("host", "no", "no such", "such", "such host"), new ArrayList<>(pruned.features.keySet()));
    }

    @Test
    void aMalformedResourceNamesItsLine() {
        List<String> text = new ArrayList<>(COUNTS.write().lines().toList());
        text.set(5, "f\tbroken\t1:x");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ModelCounts.read(text, "model.tsv"));
        assertTrue(e.getMessage().startsWith("model.tsv:6: malformed category model line"), e.getMessage());
    }

    @Test
    void aResourceForOtherClassesIsRefused() {
        List<String> text = new ArrayList<>(COUNTS.write().lines().toList());
        text.replaceAll(l -> l.startsWith("classes") ? "classes\tbenign\tdns" : l);
        assertThrows(IllegalStateException.class, () -> ModelCounts.read(text, "model.tsv"));
    }

    @Test
    void anUnknownTrainingLabelIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ModelCounts.count(List.of(example("nonsense", "x y", "a")), 1, 1, 1.0, 1.0));
    }
}
