package io.dockmedic.cli;

import io.dockmedic.agent.DiagnosisService;
import io.dockmedic.config.Config;
import io.dockmedic.diagnosis.Diagnoser;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.diagnosis.ReportFormat;
import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.DockerJavaEngine;
import io.dockmedic.docker.EngineException;
import io.dockmedic.evidence.EvidenceCollector;
import io.dockmedic.text.LogText;
import io.dockmedic.rules.Lang;
import io.dockmedic.rules.RuleLoader;
import io.dockmedic.rules.RuleSet;
import io.dockmedic.stack.ComposeFiles;
import io.dockmedic.stack.InspectCache;
import io.dockmedic.yaml.ProblemsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diagnose", description = "Diagnose one container now (logs + inspect + its compose stack), or classify a log text "
        + "(runtime logs and docker build output alike, the whole input of any size, streamed) with no engine. "
        + "Exit 0 diagnosed, 3 nothing matched, 2 usage/config error, 1 engine unreachable, "
        + "6 the --log input cannot be read (missing, a directory, no permission, a read error).")
final class DiagnoseCommand implements Callable<Integer> {

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
            try {
                report = diagnoseLog(diagnoser, target.log);
            } catch (InputError e) {
                System.err.println("dockmedic: " + e.getMessage());
                return Main.INPUT_ERROR;
            }
        } else {
            try (DockerJavaEngine engine = io.dockmedic.agent.EngineFactory.open(cfg.docker())) {
                engine.ping();
                Optional<ContainerInfo> info = engine.inspect(target.container);
                if (info.isEmpty()) {
                    System.err.println("dockmedic: no such container: " + target.container);
                    return Main.USAGE;
                }
                // the agent's path: its stack, neighbours' logs, cross-container probes and root cause
                report = new DiagnosisService(engine, new EvidenceCollector(engine, cfg.evidence().logLines(),
                        cfg.evidence().probeLines()), diagnoser, new InspectCache(java.time.Duration.ZERO), new ComposeFiles())
                        .diagnoseNow(info.get());
                // one look: the probes the engine keeps (its last five), no patterns in time (those need the agent)
                report = report.withTimeline(io.dockmedic.evidence.Timeline.of(
                        io.dockmedic.evidence.ProbeHistory.of(info.get(), cfg.watch().patterns().probeHistory()),
                        java.util.List.of()));
            } catch (EngineException e) {
                System.err.println("dockmedic: " + e.getMessage());
                return Main.FATAL;
            } catch (io.dockmedic.docker.EngineConfigException e) {
                System.err.println("dockmedic: " + e.getMessage());
                return Main.USAGE;
            }
        }
        System.out.print(output.json() ? ReportFormat.json(report, language) + "\n" : ReportFormat.text(report, language));
        return report.matched() ? Main.OK : Main.NOTHING_MATCHED;
    }

    /** A log given to {@code --log} that cannot be read; the message is one line: "FILE: reason". */
    static final class InputError extends Exception {
        InputError(String file, String reason) {
            super(shown(file) + ": " + oneLine(reason), null, false, false);
        }
    }

    /**
     * Classifies the whole log ({@code -}: stdin), read once in large chunks and never held: each
     * line is cleaned ({@link LogText}) and scanned; only the rules' latest hits and the few most
     * error-like lines are kept, redacted, so memory does not grow with the input.
     */
    static Report diagnoseLog(Diagnoser diagnoser, String file) throws InputError {
        boolean stdin = "-".equals(file);
        try (InputStream in = stdin ? System.in : open(file)) {
            return diagnoseLog(diagnoser, stdin ? "stdin" : fileName(file), in);
        } catch (UncheckedIOException e) {
            throw new InputError(file, "read failed: " + e.getCause().getMessage());
        } catch (IOException e) {
            throw new InputError(file, "cannot be read: " + e.getMessage());
        }
    }

    /** {@link #diagnoseLog(Diagnoser, String)} of a stream; a read error is an {@link UncheckedIOException}. */
    static Report diagnoseLog(Diagnoser diagnoser, String name, InputStream in) {
        return diagnoser.diagnoseLog(name, in);
    }

    private static InputStream open(String file) throws InputError {
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw new InputError(file, "not a valid path");
        }
        if (Files.isDirectory(path)) {
            throw new InputError(file, "is a directory");
        }
        try {
            return Files.newInputStream(path); // a FIFO or a device is read like a file
        } catch (NoSuchFileException e) {
            throw new InputError(file, "no such file");
        } catch (AccessDeniedException e) {
            throw new InputError(file, "permission denied");
        } catch (IOException e) {
            throw new InputError(file, "cannot be read: " + e.getMessage());
        }
    }

    private static String fileName(String file) {
        try {
            Path name = Path.of(file).getFileName();
            return name == null ? file : name.toString();
        } catch (InvalidPathException e) {
            return file;
        }
    }

    /** A file name as the user gave it, without control characters (it goes to a terminal). */
    private static String shown(String file) {
        return "-".equals(file) ? "stdin" : LogText.clean(file, 1024);
    }

    private static String oneLine(String text) {
        return LogText.clean(String.valueOf(text).replace('\n', ' ').replace('\r', ' '), 1024);
    }
}
