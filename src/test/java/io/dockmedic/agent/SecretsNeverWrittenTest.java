package io.dockmedic.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.diagnosis.ReportFormat;
import io.dockmedic.diagnosis.RuleDrafts;
import io.dockmedic.diagnosis.TemplateClusters;
import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.state.Health;
import io.dockmedic.state.Trigger;
import io.dockmedic.text.PlantedSecrets;
import io.dockmedic.text.PlantedSecrets.Planted;
import io.dockmedic.text.Printable;
import io.dockmedic.metrics.DockmedicMetrics;
import io.dockmedic.rules.Lang;
import io.dockmedic.rules.RuleLoader;
import io.dockmedic.rules.RuleSet;
import io.dockmedic.watch.FakeEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The agent in-process behind a fake engine: secrets planted in a container's logs and health-probe
 * output never reach anything it writes (its log, the journal, {@code /api/v1/diagnoses},
 * {@code /api/v1/unclassified}, a rule draft from it, the metrics, a webhook's payload), and names with control or bidi
 * characters reach the log, the journal and the text report escaped (JSON bodies carry them as JSON
 * escapes, metric label values as the exposition format quotes them).
 */
class SecretsNeverWrittenTest {
    private static final RuleSet RULES = builtinRules();

    private static RuleSet builtinRules() {
        try {
            return RuleLoader.load(List.of(), true);
        } catch (io.dockmedic.yaml.ProblemsException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One agent pipeline over a fake engine, with what it writes captured. */
    private static final class Agentlet implements AutoCloseable {
        final Path dir;
        final TemplateClusters unclassified = new TemplateClusters(TemplateClusters.DEFAULT_CAPACITY);
        final PipelineFixture fixture;
        final FakeEngine engine;
        final DockmedicMetrics metrics;
        final Pipeline pipeline;
        final ListAppender<ILoggingEvent> logs = new ListAppender<>();
        final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

        Agentlet() throws Exception {
            dir = Files.createTempDirectory("dockmedic-agentlet");
            fixture = new PipelineFixture(dir, RULES, 200, unclassified);
            fixture.remediator.start();
            engine = fixture.engine;
            metrics = fixture.metrics;
            pipeline = fixture.pipeline;
            logs.start();
            root.addAppender(logs);
        }

        ContainerInfo put(String id, String name, Map<String, String> labels, Map<String, String> env, List<String> lines,
                          String probeOutput) {
            ContainerInfo c = new ContainerInfo(id, name, "img", labels, env, true, false, "running", Health.UNHEALTHY,
                    List.of(new ContainerInfo.HealthProbe(Instant.now(), 1, probeOutput)), null, false, 0, Instant.now(), null);
            engine.containers.put(id, c);
            engine.logs.put(id, lines);
            return c;
        }

        /** The log messages as the agent's layout writes them. */
        String logText() {
            StringBuilder all = new StringBuilder();
            LogSetup.EscapedMessage layout = new LogSetup.EscapedMessage();
            for (ILoggingEvent e : List.copyOf(logs.list)) {
                all.append(layout.convert(e)).append('\n');
            }
            return all.toString();
        }

        /** Everything written: log messages as the agent's layout writes them, journal, API bodies, a draft, metrics. */
        String written() throws Exception {
            StringBuilder all = new StringBuilder(logText());
            all.append(journal()).append('\n');
            all.append(DiagnosesApi.json(pipeline.active().values(), pipeline.recent(), Map.of())).append('\n');
            List<TemplateClusters.Cluster> clusters = unclassified.top(TemplateClusters.DEFAULT_CAPACITY);
            all.append(TemplateClusters.json(clusters)).append('\n');
            all.append(RuleDrafts.yaml(TemplateClusters.parse(TemplateClusters.json(clusters)), "agent")).append('\n');
            all.append(metrics.scrape()).append('\n');
            for (Report r : pipeline.active().values()) {
                all.append(ReportFormat.text(r, Lang.EN)).append(ReportFormat.json(r, Lang.ZH)).append('\n');
                all.append(io.dockmedic.text.SafeJson.compact(io.dockmedic.remediation.WebhookListener.notification(r,
                        "escalation", "restart", "failed", "still unhealthy", "enforce", Instant.now()))).append('\n');
            }
            return all.toString();
        }

        String journal() throws Exception {
            Path state = dir.resolve("state");
            long until = System.nanoTime() + 3_000_000_000L; // the diagnosis is journaled on the remediation timer
            String text = "";
            while (System.nanoTime() < until) {
                try (Stream<Path> files = Files.list(state)) {
                    StringBuilder sb = new StringBuilder();
                    for (Path f : files.filter(f -> f.getFileName().toString().startsWith("journal")).toList()) {
                        sb.append(Files.readString(f));
                    }
                    text = sb.toString();
                }
                if (text.contains("\"diagnosis\"")) {
                    break;
                }
                Thread.sleep(20);
            }
            return text;
        }

        @Override
        public void close() throws Exception {
            root.detachAppender(logs);
            fixture.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Provide
    Arbitrary<Planted> logs() {
        return PlantedSecrets.planted();
    }

    @Property(tries = 15)
    void noPlantedSecretIsWritten(@ForAll("logs") Planted planted) throws Exception {
        try (Agentlet agent = new Agentlet()) {
            Map<String, String> labels = Map.of("com.docker.compose.project", "shop", "com.docker.compose.service", "app");
            Map<String, String> env = new java.util.HashMap<>(planted.env());
            env.put("APP_ENV", "production");
            List<String> probe = planted.lines().subList(1, 12);
            agent.pipeline.failing(agent.put("id-app", "shop-app-1", labels, env, planted.lines(), String.join("\n", probe)),
                    Trigger.UNHEALTHY, 0L, null);
            // the same lines with no rule matching them: unclassified evidence, clustered for /api/v1/unclassified
            List<String> unknown = planted.lines().subList(0, planted.lines().size() - 1);
            Map<String, String> worker = Map.of("com.docker.compose.project", "shop", "com.docker.compose.service", "worker");
            agent.pipeline.failing(agent.put("id-worker", "shop-worker-1", worker, env, unknown, "probe failed"),
                    Trigger.UNHEALTHY, 0L, null);
            String written = agent.written();
            assertTrue(written.contains("shop"), written);
            assertEquals(List.of(), PlantedSecrets.survivors(planted, written, true), written);
        }
    }

    /** A name or label with a newline, ESC/OSC, C1 or a bidi override cannot forge a line or rewrite the terminal. */
    @Test
    void namesFromContainersAreEscapedInTheLogTheJournalAndTheTextReport() throws Exception {
        String evil = "app\n2024-01-01 INFO forged line \u001b]0;owned\u0007\u001b[2J\u009b31m\u202egnp.exe\u2066x\u2069";
        try (Agentlet agent = new Agentlet()) {
            Map<String, String> labels = Map.of("com.docker.compose.project", "shop\u001b[31m",
                    "com.docker.compose.service", evil);
            agent.pipeline.failing(agent.put("id-evil", "evil\u202e-1", labels, Map.of(),
                    List.of("FATAL:  password authentication failed for user \"app\" \u009b2J\u202e"), "x"), Trigger.UNHEALTHY, 0L, null);
            agent.written(); // waits for the journal
            String log = agent.logText();
            String journal = agent.journal();
            String report = ReportFormat.text(agent.pipeline.active().values().iterator().next(), Lang.EN);
            String written = log + journal + report;
            for (String out : List.of(log, journal, report)) {
                List<String> unsafe = out.codePoints().filter(c -> Printable.unsafe(c) && c != '\n').mapToObj(Integer::toHexString).toList();
                assertEquals(List.of(), unsafe, out);
            }
            assertTrue(written.contains("app\\n2024-01-01 INFO forged line \\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\u202egnp.exe"), written);
            assertFalse(written.lines().anyMatch(l -> l.startsWith("2024-01-01 INFO forged")), written);
            assertTrue(report.contains("\\u202e"), report);
        }
    }
}
