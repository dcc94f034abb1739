package io.dockmedic.doctor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.fuzz.Fuzz;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes env files (mutations of the doctor fixtures' .env files, interpolation included): parsing
 * never throws or hangs; every problem names file:line; the entries' toString never shows a value.
 */
class EnvFileFuzzTest {
    private static final Map<String, String> SHELL = Map.of("HOME", "/root", "X", "x-from-shell", "Y", "${X}");

    @Provide
    Arbitrary<String> texts() {
        return Fuzz.textLike(Fuzz.fixtures("doctor", n -> n.startsWith(".env")));
    }

    @Property
    void anEnvFileIsReadOrItsProblemsAreNamed(@ForAll("texts") String text) throws Exception {
        Fuzz.bounded(text, () -> {
            EnvFile f = EnvFile.parse(".env.prod", text, SHELL::get);
            f.problems().forEach(p -> {
                assertTrue(p.where() != null && p.where().startsWith(".env.prod:"), "problem does not name file:line: " + p);
                assertFalse(p.reason() == null || p.reason().isBlank(), "no reason: " + p);
            });
            f.entries().forEach((k, e) -> {
                assertTrue(e.line() >= 1, "line of " + k);
                if (e.value() != null && e.value().length() >= 4) {
                    assertFalse(e.toString().contains(e.value()) && !e.name().contains(e.value()), "value shown by toString");
                }
            });
            return f;
        });
    }
}
