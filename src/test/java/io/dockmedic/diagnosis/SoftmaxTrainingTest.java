package io.dockmedic.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Training the logistic regression: deterministic, fitted to every accepted category, cautious on demand, small. */
class SoftmaxTrainingTest {
    private static final List<String> CLASSES = ModelWeights.classNames();

    private static SoftmaxTraining.Example example(String line, String... accept) {
        int[] ids = new int[accept.length];
        for (int i = 0; i < accept.length; i++) {
            ids[i] = CLASSES.indexOf(accept[i]);
        }
        return new SoftmaxTraining.Example(ids, line, line);
    }

    private static final List<SoftmaxTraining.Example> LINES = List.of(
            example("FATAL: password authentication failed for user app", "db-auth"),
            example("Login failed for user sa password did not match", "db-auth"),
            example("could not connect to server: Connection refused", "db-unreachable"),
            example("broker amqp connection refused, retrying", "db-unreachable", "cache-unreachable"),
            example("Redis connection refused at redis:6379", "cache-unreachable"),
            example("database system is ready to accept connections", "benign"),
            example("connection accepted from 10.0.0.2", "benign"),
            example("user app logged in", "benign"));

    private static SoftmaxTraining.Settings settings(double benignWeight, double cut) {
        return new SoftmaxTraining.Settings(1, 1, 1e-3, 200, 0.3, benignWeight, cut);
    }

    @Test
    void theSameLinesGiveTheSameBytes() {
        assertEquals(SoftmaxTraining.train(LINES, settings(1, 0), 0.5).write(),
                SoftmaxTraining.train(LINES, settings(1, 0), 0.5).write());
    }

    @Test
    void aLineThatAcceptsTwoCategoriesIsFittedToBoth() {
        double[] amqp = SoftmaxTraining.train(LINES, settings(1, 0), 0.5).features().get("amqp");
        assertTrue(amqp[CLASSES.indexOf("db-unreachable")] > 0, "db-unreachable");
        assertTrue(amqp[CLASSES.indexOf("cache-unreachable")] > 0, "cache-unreachable");
        assertTrue(amqp[CLASSES.indexOf("db-auth")] < 0, "db-auth");
    }

    @Test
    void weighingBenignLinesMoreMakesTheModelMoreCautious() {
        // words that benign lines share with failures: a guess when every line weighs the same, benign when benign lines weigh 8
        String line = "connection to server";
        CategoryModel even = new CategoryModel(SoftmaxTraining.train(LINES, settings(1, 0), 0.5));
        assertEquals("db-unreachable", even.className(even.scores(line).best()));
        assertEquals(-1, new CategoryModel(SoftmaxTraining.train(LINES, settings(8, 0), 0.5)).scores(line).best());
    }

    @Test
    void weightsBelowTheCutAreDropped() {
        ModelWeights w = SoftmaxTraining.train(LINES, settings(1, 0.2), 0.5);
        w.features().values().forEach(row -> {
            for (double v : row) {
                assertTrue(v == 0 || Math.abs(v) >= 0.2, String.valueOf(v));
            }
        });
        assertTrue(w.write().length() < SoftmaxTraining.train(LINES, settings(1, 0), 0.5).write().length());
    }
}
