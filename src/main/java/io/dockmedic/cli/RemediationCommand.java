package io.dockmedic.cli;

import io.dockmedic.config.Config;
import io.dockmedic.journal.StateFile;
import io.dockmedic.remediation.Control;
import io.dockmedic.remediation.ControlRequest;
import io.dockmedic.remediation.Envelope;
import io.dockmedic.remediation.Remediator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dockmedic remediation rearm|pause|resume|status}: steers the running agent through request
 * files in its state directory ({@link Control}); {@code status} reads the saved envelope state.
 */
@Command(name = "remediation", description = "Steer the running agent's remediation: rearm a service's circuit breaker, "
        + "pause or resume all remediation, show the state. Exit 0 done, 1 the agent did not answer (status: the state "
        + "file is unusable), 2 usage/config error.",
        subcommands = {RemediationCommand.Rearm.class, RemediationCommand.Pause.class, RemediationCommand.Resume.class,
                RemediationCommand.Status.class})
final class RemediationCommand implements Runnable {
    private static final Duration ANSWER = Duration.ofSeconds(5);

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give a subcommand: rearm, pause, resume or status");
    }

    /** Sends one request to the agent and prints its answer. */
    abstract static class Request implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        /** The request, or null after printing why the arguments are not one. */
        abstract ControlRequest request();

        @Override
        public Integer call() throws IOException, InterruptedException {
            Config cfg = config.loadOrReport();
            if (cfg == null) {
                return Main.USAGE;
            }
            ControlRequest r = request();
            if (r == null) {
                return Main.USAGE;
            }
            Control.Submitted submitted;
            try {
                submitted = Control.submit(cfg.stateDir(), r);
            } catch (IOException e) {
                System.err.println("dockmedic: cannot send the request to the agent: " + (e instanceof java.nio.file.AccessDeniedException a
                        ? a.getFile() + ": permission denied (run it as root or as the agent's user)" : e.getMessage()));
                return Main.FATAL;
            }
            Optional<String> answer = Control.await(submitted, ANSWER);
            if (answer.isEmpty()) {
                System.err.println("dockmedic: the agent did not answer within " + ANSWER.toSeconds() + " s (is `dockmedic run` "
                        + "running with state_dir " + cfg.stateDir() + "?); the request stays queued and applies when it starts");
                return Main.FATAL;
            }
            System.out.println(answer.get());
            return answer.get().startsWith("error:") ? Main.USAGE : Main.OK;
        }
    }

    @Command(name = "rearm", description = "Close the circuit breaker of SERVICE (project/service, or a service name in any project) "
            + "and clear its restart budget.")
    static final class Rearm extends Request {
        @Parameters(paramLabel = "SERVICE")
        String service;

        @Override
        ControlRequest request() {
            try {
                return new ControlRequest.Rearm(service);
            } catch (IllegalArgumentException e) {
                System.err.println("dockmedic: SERVICE " + e.getMessage());
                return null;
            }
        }
    }

    @Command(name = "pause", description = "Pause all remediation (maintenance), until `resume` or for a duration.")
    static final class Pause extends Request {
        @Option(names = "--for", paramLabel = "DURATION", description = "e.g. 30m, 2h; default: until resumed.")
        String duration;

        @Override
        ControlRequest request() {
            try {
                return new ControlRequest.Pause(duration);
            } catch (IllegalArgumentException e) {
                System.err.println("dockmedic: --for \"" + duration + "\" " + e.getMessage());
                return null;
            }
        }
    }

    @Command(name = "resume", description = "Resume remediation after a pause.")
    static final class Resume extends Request {
        @Override
        ControlRequest request() {
            return new ControlRequest.Resume();
        }
    }

    @Command(name = "status", description = "Show mode, pause, and per service the attempts in the budget window and the breaker.")
    static final class Status implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Override
        public Integer call() throws IOException {
            Config cfg = config.loadOrReport();
            if (cfg == null) {
                return Main.USAGE;
            }
            var rc = cfg.remediation();
            System.out.println("mode: " + rc.mode().id() + ", scope: " + rc.scope().id() + ", budget: " + rc.budget()
                    + " in " + rc.budgetWindow() + ", state: " + cfg.stateDir());
            StateFile<Envelope.State> file = new StateFile<>(cfg.stateDir().resolve(Remediator.STATE_FILE), Envelope.State.class);
            setAside(file).forEach(f -> System.out.println("note: an unusable state file was moved aside to " + f
                    + " (the agent started afresh)"));
            StateFile.Loaded<Envelope.State> loaded;
            try {
                loaded = file.read();
            } catch (IOException e) {
                System.err.println("dockmedic: cannot read the remediation state: " + e.getMessage());
                return Main.FATAL;
            }
            if (loaded instanceof StateFile.Loaded.Corrupt<Envelope.State> c) {
                System.out.println("remediation state unusable: " + c.reason() + "; the agent moves it aside when it starts "
                        + "and begins with an empty state");
                return Main.FATAL;
            }
            if (!(loaded instanceof StateFile.Loaded.Present<Envelope.State> present)) {
                System.out.println("no remediation state yet");
                return Main.OK;
            }
            Envelope.State st = present.value();
            long paused = st.pausedUntil();
            long now = System.currentTimeMillis();
            System.out.println(paused > now ? "paused" + (paused == Long.MAX_VALUE ? " until resumed" : " until " + Instant.ofEpochMilli(paused))
                    : "active");
            long from = now - rc.budgetWindow().toMillis();
            for (Envelope.Service s : st.services()) {
                long n = s.attempts().stream().filter(t -> t > from).count();
                System.out.println("  " + s.project() + "/" + s.service() + ": " + n + "/" + rc.budget() + " attempts, circuit "
                        + (s.openedAt() > 0 ? "OPEN since " + Instant.ofEpochMilli(s.openedAt()) : "closed"));
            }
            return Main.OK;
        }

        /** Names of the (last five) state files the agent moved aside, oldest first. */
        private static List<String> setAside(StateFile<?> file) {
            String prefix = file.path().getFileName() + ".corrupt-";
            try (Stream<Path> files = Files.list(file.path().getParent())) {
                List<String> all = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
                return all.subList(Math.max(0, all.size() - 5), all.size());
            } catch (IOException e) {
                return List.of();
            }
        }
    }
}
