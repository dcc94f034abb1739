package io.dockmedic.agent;

import io.dockmedic.metrics.DockmedicMetrics;
import io.dockmedic.rules.RuleLoader;
import io.dockmedic.watch.FakeEngine;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test of the pipeline with the built-in rules over a fake engine: a fresh {@link PipelineFixture} per test. */
abstract class PipelineTestBase {
    @TempDir
    Path dir;

    private PipelineFixture fixture;
    FakeEngine engine;
    DockmedicMetrics metrics;
    Pipeline pipeline;

    @BeforeEach
    void setUpPipeline() throws Exception {
        fixture = new PipelineFixture(dir, RuleLoader.load(List.of(), true), 50, r -> { });
        engine = fixture.engine;
        metrics = fixture.metrics;
        pipeline = fixture.pipeline;
    }

    @AfterEach
    void closePipeline() {
        fixture.close();
    }
}
