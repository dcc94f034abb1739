package io.dockmedic.doctor;

import io.dockmedic.compose.ComposeProject;
import io.dockmedic.text.Redactor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The preflight of a compose deployment, offline: an env file, a compose file and a Docker daemon
 * configuration are read the way Compose and dockerd read them ({@link ProjectReader},
 * {@link DaemonConfig}) and checked for the mistakes that make {@code compose up} fail or a service
 * turn unhealthy, one class per check (see {@code /doctor/findings.yml} for every finding). This
 * class only composes them and gathers their findings. Secrets are compared in memory only; every
 * text that leaves is also passed through a {@link Redactor} that knows the values read.
 */
public final class Doctor {
    /** The checks of a read project, in the order they run. */
    private static final List<ProjectCheck> PROJECT_CHECKS = List.of(new InterpolationCheck(), new DependencyCheck(),
            new ServiceUrlCheck(), new PostgresCredentialsCheck(), new ApiKeyCheck());

    /**
     * What to check; any file may be null.
     *
     * @param shell        the shell environment Compose would see (overrides the env file, as in Compose)
     * @param online       probe each registry mirror over the network
     * @param probeTimeout timeout of one probe request
     */
    public record Options(Path envFile, Path composeFile, Path daemonConfig, Map<String, String> shell,
                          boolean online, Duration probeTimeout) {
    }

    /**
     * Findings (most severe first) and what was checked.
     *
     * @param checked files, services, variables and mirrors looked at (names and counts only)
     */
    public record Result(List<Finding> findings, Map<String, Object> checked) {
        /** True when a critical or warning finding should stop a deploy. */
        public boolean problems() {
            return findings.stream().anyMatch(Finding::problem);
        }
    }

    private Doctor() {
    }

    /**
     * Runs every check that the given files allow.
     *
     * @throws IOException when a given file cannot be read (a usage error for the CLI)
     */
    public static Result run(Options options) throws IOException {
        Findings findings = new Findings();
        Map<String, Object> checked = new LinkedHashMap<>();
        ProjectReader reader = new ProjectReader(options.shell());
        Project project = reader.read(options.envFile(), options.composeFile());
        findings.addAll(reader.findings());
        if (project.env() != null) {
            checked.put("env_file", project.envName());
            checked.put("env_file_variables", project.env().entries().size());
        }
        if (options.composeFile() != null) {
            checked.put("compose_file", options.composeFile().toString());
        }
        if (project.hasCompose()) {
            checked.put("services", List.copyOf(project.compose().services().keySet()));
            // what `docker compose up` starts without --profile: the count `docker compose ps` should show
            checked.put("expected_services", List.copyOf(ComposeProject.merge(List.of(project.compose())).expected(List.of()).keySet()));
            checked.put("variables_referenced", List.copyOf(InterpolationCheck.referenced(project)));
        }
        if (project.env() != null || project.hasCompose()) {
            PROJECT_CHECKS.forEach(c -> findings.addAll(c.check(project)));
        }
        if (options.daemonConfig() != null) {
            DaemonConfig daemon = DaemonConfig.parse(options.daemonConfig().toString(), ProjectReader.read(options.daemonConfig()));
            checked.put("daemon_config", daemon.file());
            findings.addAll(Findings.ofProblems("daemon-config-invalid", daemon.problems()));
            MirrorCheck.Result mirrors = MirrorCheck.check(daemon, options.online(), options.probeTimeout());
            findings.addAll(mirrors.findings());
            checked.put("mirrors", mirrors.rows());
            checked.put("online", options.online());
        }
        return new Result(findings.redacted(Redactor.forEnv(reader.secrets())), checked);
    }
}
