package io.dockmedic.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.evidence.Evidence;
import io.dockmedic.rules.Category;
import io.dockmedic.rules.Lang;
import io.dockmedic.rules.RuleLoader;
import io.dockmedic.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fallback is asked only when no rule matched, its guess is carried as {@code probable} and never
 * becomes a diagnosis (so remediation, which acts on {@link Report#top()}, never sees it), and it is
 * shown redacted, as a guess.
 */
class DiagnoserFallbackTest {
    private static RuleSet rules;

    @BeforeAll
    static void load() throws Exception {
        rules = RuleLoader.load(List.of(), true);
    }

    /** A fallback that records what it was asked and always guesses db-auth. */
    private static final class Recording implements FallbackClassifier {
        final List<List<String>> asked = new ArrayList<>();

        @Override
        public Optional<Probable> classify(List<String> lines) {
            asked.add(lines);
            return Optional.of(new Probable(Category.DB_AUTH, 0.4, lines.get(0)));
        }
    }

    private static Report diagnose(FallbackClassifier fallback, String line) {
        return new Diagnoser(() -> rules, fallback).diagnose(Evidence.ofLog("t", List.of()), List.of(line));
    }

    @Test
    void aRuleMatchLeavesTheFallbackUnasked() {
        Recording fallback = new Recording();
        Report r = diagnose(fallback, "FATAL:  password authentication failed for user \"app\"");
        assertTrue(r.matched());
        assertTrue(fallback.asked.isEmpty());
        assertNull(r.probable());
    }

    @Test
    void withNoRuleMatchTheGuessIsProbableNeverADiagnosis() {
        Recording fallback = new Recording();
        Report r = diagnose(fallback, "the backend said nope");
        assertEquals(List.of(List.of("the backend said nope")), fallback.asked);
        assertEquals(Category.DB_AUTH, r.probable().category());
        assertFalse(r.matched());
        assertEquals(Category.UNCLASSIFIED, r.top().category(), "remediation acts on top(): still unclassified");
        assertEquals(r.probable(), r.withSymptomOf("db").probable(), "correlation keeps the guess");
    }

    @Test
    void theGuessIsShownRedactedAndAsAGuess() {
        Report r = diagnose(new Recording(), "connect failed password=hunter2 retrying");
        String json = ReportFormat.json(r, Lang.EN);
        assertTrue(json.contains("\"probable\""), json);
        assertTrue(json.contains("\"category\" : \"db-auth\""), json);
        assertFalse(json.contains("hunter2"), json);
        String text = ReportFormat.text(r, Lang.EN);
        assertTrue(text.contains("Probable cause (a statistical guess, not a rule match; never remediated): db-auth"), text);
        assertFalse(text.contains("hunter2"), text);
        assertTrue(ReportFormat.text(r, Lang.ZH).contains("可能的原因"));
    }

    @Test
    void noneNeverGuesses() {
        assertNull(diagnose(FallbackClassifier.NONE, "the backend said nope").probable());
    }
}
