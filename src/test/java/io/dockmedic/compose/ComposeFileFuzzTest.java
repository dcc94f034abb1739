package io.dockmedic.compose;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.fuzz.Fuzz;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes compose files (mutations of the doctor fixtures' compose files): parsing never throws (a
 * bad file is problems naming the file), and merging, dependencies and expected services of what
 * was read never throw or hang either.
 */
class ComposeFileFuzzTest {

    @Provide
    Arbitrary<String> texts() {
        return Fuzz.textLike(Fuzz.fixtures("doctor", n -> n.endsWith(".yml") || n.endsWith(".yaml")));
    }

    @Property
    void aComposeFileIsReadOrItsProblemsAreNamed(@ForAll("texts") String text) throws Exception {
        Fuzz.bounded(text, () -> {
            ComposeFile f = ComposeFile.parse("docker-compose.yml", text);
            f.problems().forEach(p -> {
                assertTrue(p.where() != null && p.where().startsWith("docker-compose.yml"), "problem does not name the file: " + p);
                assertFalse(p.reason() == null || p.reason().isBlank(), "no reason: " + p);
            });
            f.values().forEach(v -> assertTrue(v.line() >= 0, "line of " + v));
            ComposeProject project = ComposeProject.merge(List.of(f, f));
            for (String s : project.services().keySet()) {
                project.dependencies(s);
            }
            project.expected(List.of());
            project.expected(List.of("debug"));
            return f;
        });
    }
}
