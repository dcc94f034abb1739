package io.dockmedic.agent;

import io.dockmedic.config.Config;
import io.dockmedic.config.ConfigLoader;
import io.dockmedic.diagnosis.Diagnoser;
import io.dockmedic.evidence.EvidenceCollector;
import io.dockmedic.metrics.DockmedicMetrics;
import io.dockmedic.remediation.PlaybookLoader;
import io.dockmedic.remediation.Remediator;
import io.dockmedic.rules.RuleSet;
import io.dockmedic.watch.FakeEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The set-up the pipeline tests share: a pipeline over a fake engine with the given rules, no rule or playbook
 * directories, and its state under {@code dir}. Closing it closes the remediator and the metrics.
 */
final class PipelineFixture implements AutoCloseable {
    final FakeEngine engine = new FakeEngine();
    final DockmedicMetrics metrics = new DockmedicMetrics("test", "test");
    final Remediator remediator;
    final Pipeline pipeline;

    PipelineFixture(Path dir, RuleSet rules, int evidenceLines, io.dockmedic.diagnosis.ReportSink reports) throws Exception {
        Config config = ConfigLoader.load(null, Map.of(), Map.of("state_dir", dir.resolve("state").toString(),
                "rules.dirs", "", "remediation.playbook_dirs", ""));
        remediator = new Remediator(config.remediation(), config.stateDir(), engine, metrics, PlaybookLoader.load(List.of()),
                Clock.systemUTC());
        pipeline = new Pipeline(engine, new EvidenceCollector(engine, evidenceLines, 5), new Diagnoser(() -> rules), metrics,
                reports, remediator);
    }

    @Override
    public void close() {
        remediator.close();
        metrics.close();
    }
}
