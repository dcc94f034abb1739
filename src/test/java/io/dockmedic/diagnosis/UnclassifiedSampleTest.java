package io.dockmedic.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The streamed unclassified evidence ({@link Unclassified.Sample}, bounded memory) equals
 * {@link Unclassified#evidence} of the whole list, ties included; and the keyword shortcut of
 * {@link Unclassified#score} never changes a score.
 */
class UnclassifiedSampleTest {
    /** Lines of scores 0 to 7, many of them equal: ties decide which lines are kept. */
    private static final List<String> LINES = List.of(
            "INFO ready", "listening on :8080", "0 errors", "WARN slow query", "worker exited", "retrying in 5s",
            "ERROR: boom", "connection refused", "FATAL: panic", "could not connect: timed out", "Traceback (most recent call last):",
            "error_log = /var/log/x", "Exception in thread main", "disk quota: not found, invalid, missing", "ok", "");

    @Provide
    Arbitrary<List<String>> logs() {
        return Arbitraries.of(LINES).list().ofMinSize(0).ofMaxSize(40);
    }

    @Property(tries = 500)
    void aSampleKeepsTheSameLinesAsTheWholeList(@ForAll("logs") List<String> log, @ForAll("max") int max) {
        Unclassified.Sample sample = new Unclassified.Sample(max);
        log.forEach(sample::offer);
        assertEquals(Unclassified.evidence(log, max), sample.evidence(), () -> "max " + max + " of " + log);
    }

    @Provide
    Arbitrary<Integer> max() {
        return Arbitraries.integers().between(0, 7);
    }

    @Provide
    Arbitrary<String> wordy() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of("fatal", "PANIC", "Exception", "traceback", "error", "errno", "Refused", "denied", "failed",
                        "failure", "cannot", "can't", "could not", "unable", "timeout", "time out", "timed out", "Timedout",
                        "killed", "abort", "aborted", "segmentation", "crashed", "warning", "WARN", "exit", "exited",
                        "stopped", "stopping", "time=", "timer", "Timestamp", "retry", "retrying", "not found", "invalid", "missing", "0 errors",
                        "no error", "error_log", "errors=0", "ready", "started", "listening", "healthy"),
                Arbitraries.of(" ", "_", "-", ".", ":", "x", "1", "é", "\t", "'", "\"", "K", "\u212A", "ß", "İ"),
                Arbitraries.strings().ofMaxLength(4));
        return piece.list().ofMaxSize(8).map(l -> String.join("", l));
    }

    @Property(tries = 3000)
    void theKeywordShortcutNeverChangesAScore(@ForAll("wordy") String line) {
        int score = Unclassified.regexScore(line);
        assertEquals(score, Unclassified.score(line), line);
        org.junit.jupiter.api.Assertions.assertTrue(score <= Unclassified.bound(Unclassified.keywords(line)), line);
    }

    @Property(tries = 500)
    void aSampleOfWordyLinesKeepsTheSameLinesAsTheWholeList(@ForAll("wordies") List<String> log, @ForAll("max") int max) {
        Unclassified.Sample sample = new Unclassified.Sample(max);
        log.forEach(sample::offer);
        assertEquals(Unclassified.evidence(log, max), sample.evidence(), () -> "max " + max + " of " + log);
    }

    @Provide
    Arbitrary<List<String>> wordies() {
        return wordy().list().ofMaxSize(30);
    }
}
