package io.dockmedic.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The shipped model is what the development corpus trains today (training is deterministic counting). */
class CategoryModelResourceTest {
    @Test
    void theShippedModelIsUpToDateWithTheDevelopmentCorpus() throws IOException {
        assertEquals(CategoryModelTrainer.trainedResource(),
                Files.readString(CategoryModelTrainer.RESOURCE, StandardCharsets.UTF_8),
                "the category model is stale: run scripts/train-category-model.sh and commit the resource");
    }
}
