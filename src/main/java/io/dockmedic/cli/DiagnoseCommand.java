package io.dockmedic.cli;

import io.dockmedic.config.Config;
import io.dockmedic.diagnosis.Diagnoser;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.diagnosis.ReportFormat;
import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.DockerJavaEngine;
import io.dockmedic.docker.EngineException;
import io.dockmedic.evidence.Evidence;
import io.dockmedic.evidence.EvidenceCollector;
import io.dockmedic.evidence.LogText;
import io.dockmedic.evidence.Redactor;
import io.dockmedic.rules.Lang;
import io.dockmedic.rules.RuleLoader;
import io.dockmedic.rules.RuleSet;
import io.dockmedic.stack.ComposeFiles;
import io.dockmedic.stack.InspectCache;
import io.dockmedic.stack.Stack;
import io.dockmedic.yaml.ProblemsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diagnose", description = "Diagnose one container now (logs + inspect + its compose stack), or classify a log text "
        + "(runtime logs and docker build output alike) with no engine. "
        + "Exit 0 diagnosed, 3 nothing matched, 2 usage/config error, 1 engine unreachable.")
final class DiagnoseCommand implements Callable<Integer> {
    /** Lines of a log file kept for classification (the last ones). */
    static final int LOG_FILE_LINES = 20_000;

    static final class Target {
        @Parameters(paramLabel = "CONTAINER", description = "Container name or id.")
        String container;

        @Option(names = "--log", paramLabel = "FILE", description = "Classify this log file ('-' = stdin) instead of a container.")
        String log;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Mixin
    OutputOptions output;

    @Mixin
    ConfigOption config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Lang language = output.language(spec.commandLine());
        Config cfg;
        RuleSet rules;
        try {
            cfg = config.load();
            rules = RuleLoader.load(cfg.rules().dirs(), true);
        } catch (ProblemsException e) {
            System.err.println(e.getMessage());
            return Main.USAGE;
        }
        Diagnoser diagnoser = new Diagnoser(() -> rules);
        Report report;
        if (target.log != null) {
            Optional<List<String>> lines = readLog(target.log);
            if (lines.isEmpty()) {
                return Main.USAGE;
            }
            String name = "-".equals(target.log) ? "stdin" : Path.of(target.log).getFileName().toString();
            report = diagnoser.diagnose(Evidence.ofLog(name, Redactor.generic().redactAll(lines.get())));
        } else {
            try (DockerJavaEngine engine = new DockerJavaEngine(cfg.docker().host())) {
                engine.ping();
                Optional<ContainerInfo> info = engine.inspect(target.container);
                if (info.isEmpty()) {
                    System.err.println("dockmedic: no such container: " + target.container);
                    return Main.USAGE;
                }
                // the same stack context as the agent: neighbours' logs and the cross-container probes
                Stack stack = Stack.read(engine, info.get(), new InspectCache(java.time.Duration.ZERO), new ComposeFiles());
                Evidence ev = new EvidenceCollector(engine, cfg.evidence().logLines(), cfg.evidence().probeLines())
                        .collect(info.get(), stack, "manual", 0L, null);
                report = diagnoser.diagnose(ev);
            } catch (EngineException e) {
                System.err.println("dockmedic: " + e.getMessage());
                return Main.FATAL;
            }
        }
        System.out.print(output.json() ? ReportFormat.json(report, language) + "\n" : ReportFormat.text(report, language));
        return report.matched() ? Main.OK : Main.NOTHING_MATCHED;
    }

    private static Optional<List<String>> readLog(String file) {
        try (InputStream in = "-".equals(file) ? System.in : Files.newInputStream(Path.of(file))) {
            return Optional.of(LogText.readTail(in, LOG_FILE_LINES, LogText.DEFAULT_MAX_LINE_CHARS));
        } catch (NoSuchFileException e) {
            System.err.println("dockmedic: " + file + ": no such file");
        } catch (IOException e) {
            System.err.println("dockmedic: " + file + ": cannot be read: " + e.getMessage());
        }
        return Optional.empty();
    }
}
