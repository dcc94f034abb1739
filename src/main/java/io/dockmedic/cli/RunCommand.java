package io.dockmedic.cli;

import io.dockmedic.agent.Agent;
import io.dockmedic.config.Config;
import io.dockmedic.yaml.ProblemsException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;

/**
 * The daemon. Its picocli model is made in code ({@link #spec}), not read from annotations: reflection on this
 * class and its mixin (a proxy class generated for each annotation type, then the fields and methods walked) took
 * ~40 ms of the daemon's way to ready (issue 18).
 */
final class RunCommand implements Callable<Integer> {
    static final String NAME = "run";
    private static final String DESCRIPTION = "Run the daemon: watch the engine, diagnose, export metrics. "
            + "SIGTERM/SIGINT stop it cleanly (exit 0); SIGHUP reloads the rules and playbooks.";
    private static final Logger log = LoggerFactory.getLogger("dockmedic");

    final ConfigOption config = new ConfigOption();

    /** A new command's model: its name, description and {@code --config}. */
    static CommandSpec spec() {
        RunCommand command = new RunCommand();
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(NAME);
        spec.usageMessage().description(DESCRIPTION);
        spec.addOption(command.config.option());
        return spec;
    }

    @Override
    public Integer call() {
        Config cfg = config.loadOrReport();
        if (cfg == null) {
            return Main.USAGE;
        }
        Agent agent;
        try {
            agent = new Agent(cfg);
        } catch (io.dockmedic.docker.EngineConfigException e) {
            System.err.println("dockmedic: " + e.getMessage());
            return Main.USAGE;
        }
        try {
            agent.start();
        } catch (ProblemsException e) {
            System.err.println(e.getMessage());
            agent.close();
            return Main.USAGE;
        } catch (io.dockmedic.docker.EngineConfigException e) { // the engine client is built while the agent starts
            System.err.println("dockmedic: " + e.getMessage());
            agent.close();
            return Main.USAGE;
        } catch (Exception e) {
            System.err.println("dockmedic: cannot start: " + e.getMessage());
            agent.close();
            return Main.FATAL;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Signal.handle(new Signal("HUP"), s -> new Thread(agent::reload, "dockmedic-reload").start());
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        agent.close();
        log.info("dockmedic stopped");
        return Main.OK;
    }
}
