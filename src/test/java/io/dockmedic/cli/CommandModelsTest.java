package io.dockmedic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * picocli builds a command's model by reflection, on the daemon's way to ready (issue 18): a command line that names a
 * command builds that one only; anything else (none, an option, help, a typo) builds them all, so the usage and the
 * suggestions list every command.
 */
class CommandModelsTest {
    private static final Set<String> ALL = Set.of("run", "diagnose", "doctor", "rules", "remediation", "version", "help");

    @Test
    void aNamedCommandIsTheOnlyOneBuilt() {
        for (String name : List.of("run", "diagnose", "doctor", "rules", "remediation", "version")) {
            assertEquals(Set.of(name), Main.withCommandsFor(name, "--help").getSubcommands().keySet(), name);
        }
    }

    @Test
    void anythingElseBuildsThemAll() {
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"-V"},
                new String[] {"help", "diagnose"}, new String[] {"rnu"})) {
            assertEquals(ALL, Main.withCommandsFor(args).getSubcommands().keySet(), String.join(" ", args));
        }
    }

    @Test
    void theUsageListsTheCommandsInTheirOrder() {
        assertEquals(List.of("run", "diagnose", "doctor", "rules", "remediation", "version", "help"),
                List.copyOf(Main.withCommandsFor().getSubcommands().keySet()));
    }
}
