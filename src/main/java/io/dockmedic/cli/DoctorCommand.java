package io.dockmedic.cli;

import io.dockmedic.doctor.Doctor;
import io.dockmedic.doctor.DoctorReport;
import io.dockmedic.rules.Lang;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "doctor", mixinStandardHelpOptions = true, description = "Preflight before `compose up`: checks an env file, a compose file and a Docker daemon "
        + "configuration offline for the mistakes that break a deployment (passwords that differ, localhost URLs, "
        + "missing or placeholder API keys, unset variables, depends_on without health conditions, registry mirrors). "
        + "Never prints a secret. Exit 0 clean, 4 problems found, 2 usage error.")
final class DoctorCommand implements Callable<Integer> {
    /** Compose's default file names, in its order of preference. */
    static final List<String> COMPOSE_NAMES = List.of("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml");
    static final Path SYSTEM_DAEMON_CONFIG = Path.of("/etc/docker/daemon.json");

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "The env file Compose interpolates with (default: .env beside the compose file, if any).")
    Path envFile;

    @Option(names = {"-f", "--compose-file"}, paramLabel = "FILE",
            description = "The compose file (default: compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml here).")
    Path composeFile;

    @Option(names = "--daemon-config", paramLabel = "FILE",
            description = "Docker's daemon.json (default: /etc/docker/daemon.json if it exists).")
    Path daemonConfig;

    @Option(names = "--ignore-shell-env", description = "Check the files alone: ignore variables of this shell, which Compose "
            + "would let override the env file (use when the deploy runs from another shell, e.g. in CI).")
    boolean ignoreShellEnv;

    @Option(names = "--online", description = "Probe each registry mirror (GET /v2/) over the network.")
    boolean online;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "Timeout of one mirror probe with --online (default: ${DEFAULT-VALUE} s).")
    int timeoutSeconds;

    @CommandLine.Mixin
    OutputOptions output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Lang language = output.language(spec.commandLine());
        if (timeoutSeconds < 1 || timeoutSeconds > 60) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be 1 to 60 seconds");
        }
        Path compose = composeFile != null ? composeFile
                : COMPOSE_NAMES.stream().map(Path::of).filter(Files::isRegularFile).findFirst().orElse(null);
        Path daemon = daemonConfig != null ? daemonConfig : Files.isRegularFile(SYSTEM_DAEMON_CONFIG) ? SYSTEM_DAEMON_CONFIG : null;
        if (envFile == null && compose == null && daemon == null) {
            System.err.println("dockmedic doctor: nothing to check: give --env-file, --compose-file or --daemon-config "
                    + "(no compose file here, no " + SYSTEM_DAEMON_CONFIG + ")");
            return Main.USAGE;
        }
        Doctor.Result result;
        try {
            result = Doctor.run(new Doctor.Options(envFile, compose, daemon,
                    ignoreShellEnv ? java.util.Map.of() : System.getenv(), online, Duration.ofSeconds(timeoutSeconds)));
        } catch (NoSuchFileException e) {
            System.err.println("dockmedic doctor: " + e.getFile() + ": no such file");
            return Main.USAGE;
        } catch (IOException e) {
            System.err.println("dockmedic doctor: cannot read a file: " + e.getMessage());
            return Main.USAGE;
        }
        System.out.print(output.json() ? DoctorReport.json(result, language) + "\n" : DoctorReport.text(result, language));
        return result.problems() ? Main.PROBLEMS_FOUND : Main.OK;
    }
}
