package io.dockmedic.rules;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.dockmedic.fuzz.Fuzz;
import io.dockmedic.yaml.ProblemsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes user rule files (mutations of the rule fixtures and of the built-in rule files): a RuleSet
 * (which then classifies a few lines in bounded time) or a ProblemsException, nothing else.
 */
class RuleLoaderFuzzTest {

    @Provide
    Arbitrary<String> texts() {
        List<String> seeds = new ArrayList<>(Fuzz.fixtures("rules", n -> n.endsWith(".yml")));
        try {
            for (String f : RuleLoader.builtinFileNames()) {
                try (var in = RuleLoader.class.getResourceAsStream(RuleLoader.BUILTIN_DIR + f)) {
                    if (in != null) {
                        seeds.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Fuzz.textLike(seeds);
    }

    @Property
    void aRuleFileIsLoadedOrEveryProblemIsNamed(@ForAll("texts") String text) throws Exception {
        Path dir = Files.createTempDirectory("dm-fuzz-rules");
        Path file = dir.resolve("user.yml");
        try {
            Files.write(file, text.getBytes(StandardCharsets.UTF_8));
            Fuzz.bounded(text, () -> {
                try {
                    RuleSet set = RuleLoader.load(List.of(file), false);
                    set.classify(io.dockmedic.evidence.Evidence.ofLog("fuzz", List.of(
                            "FATAL: password authentication failed for user \"app\"", text.length() > 200 ? text.substring(0, 200) : text)));
                    return set;
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
