package io.dockmedic.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.rules.Category;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The naive Bayes fallback on a small hand-made training set, and the shipped model on clear cases. */
class CategoryModelTest {
    private static final List<Map.Entry<String, String>> TRAINING = List.of(
            Map.entry("db-auth", "FATAL: password authentication failed for user app"),
            Map.entry("db-auth", "Login failed for user sa password did not match"),
            Map.entry("db-auth", "authentication failed for user admin on database"),
            Map.entry("oom", "java.lang.OutOfMemoryError: Java heap space"),
            Map.entry("oom", "Out of memory: Killed process 42 (java)"),
            Map.entry("benign", "database system is ready to accept connections"),
            Map.entry("benign", "server started, ready to accept connections on port 5432"),
            Map.entry("benign", "user app logged in"));

    private static CategoryModel model(double margin) {
        return new CategoryModel(ModelCounts.count(
                TRAINING.stream().map(e -> new ModelCounts.Example(e.getKey(), e.getValue(), e.getValue())).toList(),
                1, 1, 1.0, margin));
    }

    @Test
    void guessesTheCategoryWhoseWordsTheLineShares() {
        Optional<Probable> p = model(1).classify(List.of("password authentication failed for user bob"));
        assertTrue(p.isPresent());
        assertEquals(Category.DB_AUTH, p.get().category());
        assertTrue(p.get().confidence() > 0 && p.get().confidence() <= CategoryModel.MAX_CONFIDENCE);
    }

    @Test
    void abstainsOnBenignLinesUnknownWordsAndSmallMargins() {
        assertFalse(model(1).classify(List.of("ready to accept connections")).isPresent(), "benign wins");
        assertFalse(model(1).classify(List.of("zzqx wvut plonk")).isPresent(), "no known feature");
        assertFalse(model(1_000).classify(List.of("password authentication failed")).isPresent(), "below the margin");
    }

    @Test
    void picksTheMostConfidentOfSeveralLines() {
        Optional<Probable> p = model(1).classify(List.of("user app logged in",
                "java.lang.OutOfMemoryError: Java heap space, out of memory"));
        assertEquals(Category.OOM, p.orElseThrow().category());
        assertEquals("java.lang.OutOfMemoryError: Java heap space, out of memory", p.get().line());
    }

    @Test
    void theShippedModelKnowsAClearFailureAndKeepsQuietOnAStartupLine() {
        CategoryModel m = CategoryModel.builtIn();
        assertEquals(Category.DB_AUTH, m.classify(List.of("2023-01-03 10:00:00.12 Logon       Login failed for user 'app'."
                + " Reason: Password did not match that for the login provided. [CLIENT: 10.0.0.5]")).orElseThrow().category());
        assertFalse(m.classify(List.of("2024-05-01 10:00:00.000 UTC [1] LOG:  database system is ready to accept connections"))
                .isPresent());
    }

    @Test
    void theShippedModelKeepsQuietOnAnInfoLineOfAPageWhoseOtherLinesFail() {
        // Hazelcast's client says this while it connects normally; the same page has its WARNING lines
        // of a failed connection with the same logger prefix (issue 14, dev corpus)
        assertFalse(CategoryModel.builtIn().classify(List.of("hz-test-client              | 2020-06-08 12:25:59 INFO"
                + " [hz.client_1.cluster-] com.hazelcast.client.connection.nio.ClusterConnectorService.null hz.client_1"
                + " [hazelcast] [3.12.7] Trying to connect to cluster with name: hazelcast")).isPresent());
    }
}
