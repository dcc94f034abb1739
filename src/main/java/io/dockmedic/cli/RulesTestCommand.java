package io.dockmedic.cli;

import io.dockmedic.rules.RuleSet;
import io.dockmedic.rules.RuleTestRunner;
import io.dockmedic.yaml.ProblemsException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "test", description = "Run rule test cases (input lines -> expected rule ids) against the built-in "
        + "rules plus the configured rules.dirs. Exit 0 all pass, 5 a case failed, 2 invalid files.")
final class RulesTestCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Test files (*.test.yml).")
    List<Path> files;

    @Override
    public Integer call() {
        RuleSet rules = RulesCommand.configuredRules(config);
        if (rules == null) {
            return Main.USAGE;
        }
        int passed = 0;
        int failed = 0;
        for (Path f : files) {
            try {
                for (RuleTestRunner.Result r : RuleTestRunner.run(rules, f)) {
                    if (r.passed()) {
                        passed++;
                    } else {
                        failed++;
                        System.out.printf("FAIL %s:%d %s: %s%n", r.file(), r.line(), r.name(), r.message());
                    }
                }
            } catch (ProblemsException e) {
                System.err.println(e.getMessage());
                return Main.USAGE;
            } catch (IOException e) {
                System.err.println(f + ": cannot be read: " + e.getMessage());
                return Main.USAGE;
            }
        }
        System.out.printf("%d passed, %d failed%n", passed, failed);
        return failed == 0 ? Main.OK : Main.TEST_FAILED;
    }
}
