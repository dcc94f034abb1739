package io.dockmedic.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockmedic.config.Config;
import io.dockmedic.config.ConfigLoader;
import io.dockmedic.journal.StateFile;
import io.dockmedic.remediation.Control;
import io.dockmedic.remediation.Envelope;
import io.dockmedic.remediation.Remediator;
import java.io.IOException;
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
        + "pause or resume all remediation, show the state. Exit 0 done, 1 the agent did not answer, 2 usage/config error.",
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

        abstract ObjectNode request(ObjectNode r);

        @Override
        public Integer call() throws IOException, InterruptedException {
            Config cfg = config.loadOrReport();
            if (cfg == null) {
                return Main.USAGE;
            }
            ObjectNode r = request(new ObjectMapper().createObjectNode());
            if (r == null) {
                return Main.USAGE;
            }
            Optional<String> answer = Control.await(Control.submit(cfg.stateDir(), r), ANSWER);
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
        ObjectNode request(ObjectNode r) {
            return r.put("command", "rearm").put("service", service);
        }
    }

    @Command(name = "pause", description = "Pause all remediation (maintenance), until `resume` or for a duration.")
    static final class Pause extends Request {
        @Option(names = "--for", paramLabel = "DURATION", description = "e.g. 30m, 2h; default: until resumed.")
        String duration;

        @Override
        ObjectNode request(ObjectNode r) {
            if (duration != null) {
                try {
                    ConfigLoader.duration(duration);
                } catch (IllegalArgumentException e) {
                    System.err.println("dockmedic: --for \"" + duration + "\" " + e.getMessage());
                    return null;
                }
            }
            r.put("command", "pause");
            return duration == null ? r : r.put("for", duration);
        }
    }

    @Command(name = "resume", description = "Resume remediation after a pause.")
    static final class Resume extends Request {
        @Override
        ObjectNode request(ObjectNode r) {
            return r.put("command", "resume");
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
            Optional<Envelope.State> st = new StateFile<>(cfg.stateDir().resolve(Remediator.STATE_FILE), Envelope.State.class).load();
            if (st.isEmpty()) {
                System.out.println("no remediation state yet");
                return Main.OK;
            }
            long paused = st.get().pausedUntil();
            long now = System.currentTimeMillis();
            System.out.println(paused > now ? "paused" + (paused == Long.MAX_VALUE ? " until resumed" : " until " + Instant.ofEpochMilli(paused))
                    : "active");
            long from = now - rc.budgetWindow().toMillis();
            for (Envelope.Service s : st.get().services()) {
                long n = s.attempts().stream().filter(t -> t > from).count();
                System.out.println("  " + s.project() + "/" + s.service() + ": " + n + "/" + rc.budget() + " attempts, circuit "
                        + (s.openedAt() > 0 ? "OPEN since " + Instant.ofEpochMilli(s.openedAt()) : "closed"));
            }
            return Main.OK;
        }
    }
}
