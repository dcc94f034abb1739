package io.dockmedic.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.dockmedic.fuzz.Fuzz;
import io.dockmedic.yaml.ProblemsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Fuzzes the web config (TLS files, bcrypt users): a WebConfig or a ProblemsException with problems, nothing else. */
class WebConfigFuzzTest {

    @Provide
    Arbitrary<String> texts() {
        return Fuzz.textLike(Fuzz.fixtures("webconfig", n -> n.endsWith(".yml")));
    }

    @Property
    void aWebConfigIsLoadedOrEveryProblemIsNamed(@ForAll("texts") String text) throws Exception {
        Path dir = Files.createTempDirectory("dm-fuzz-web");
        Path file = dir.resolve("web.yml");
        try {
            Files.write(file, text.getBytes(StandardCharsets.UTF_8));
            Fuzz.bounded(text, () -> {
                try {
                    return WebConfig.load(file);
                } catch (ProblemsException e) {
                    assertFalse(e.problems().isEmpty(), "a ProblemsException without problems");
                    e.problems().forEach(p -> assertFalse(p.reason() == null || p.reason().isBlank(), "no reason: " + p));
                    return null;
                }
            });
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
