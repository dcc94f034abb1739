package io.dockmedic.cli;

import io.dockmedic.config.ConfigException;
import io.dockmedic.rules.RuleLoader;
import io.dockmedic.rules.RuleSet;
import io.dockmedic.yaml.ProblemsException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "rules", description = "Validate, test and draft rule files.",
        subcommands = {RulesCommand.Check.class, RulesTestCommand.class, RulesSuggestCommand.class})
final class RulesCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give a subcommand: check, test or suggest");
    }

    /** The built-ins plus the configured rules.dirs; null (every problem printed) when the config or a rule file is bad. */
    static RuleSet configuredRules(ConfigOption config) {
        try {
            return RuleLoader.load(config.load().rules().dirs(), true);
        } catch (ProblemsException e) {
            System.err.println(e.getMessage());
            return null;
        }
    }

    @Command(name = "check", description = "Validate rule files (built-ins plus DIRs or files; default: the configured rules.dirs). "
            + "Every error is reported with file:line:column. Exit 0 valid, 2 invalid.")
    static final class Check implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "DIR", arity = "0..*", description = "Rule directories or files.")
        List<Path> dirs;

        @Override
        public Integer call() {
            List<Path> paths = dirs;
            if (paths == null || paths.isEmpty()) {
                try {
                    paths = config.load().rules().dirs();
                } catch (ConfigException e) {
                    System.err.println(e.getMessage());
                    return Main.USAGE;
                }
            }
            try {
                RuleSet set = RuleLoader.load(paths, true);
                long builtin = set.rules().stream().filter(r -> r.source().startsWith("builtin:")).count();
                System.out.printf("OK: %d rules (%d built-in, %d from %s)%n", set.size(), builtin, set.size() - builtin,
                        paths.isEmpty() ? "no directories" : paths);
                return Main.OK;
            } catch (ProblemsException e) {
                System.err.println(e.getMessage());
                return Main.USAGE;
            }
        }
    }
}
