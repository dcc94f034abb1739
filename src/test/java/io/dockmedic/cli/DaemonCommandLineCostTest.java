package io.dockmedic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.ClassesLoaded;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The daemon's command line on its way to ready (issue 18): {@code dockmedic run} is parsed without picocli reading
 * any annotation. Reading them generates a proxy class for each annotation type at run time (none can come from the
 * class-data archive) and walks each command's fields and methods: ~90 ms of a start. A fresh JVM, because this one's
 * other tests have read them long ago.
 */
class DaemonCommandLineCostTest {

    /** Run in the child JVM: the daemon's command line, parsed. */
    public static void main(String[] args) {
        CommandLine cl = Main.withCommandsFor(args);
        cl.parseArgs(args);
        RunCommand run = cl.getSubcommands().get("run").getCommand();
        System.out.println("CONFIG " + run.config.file);
    }

    @Test
    void parsingRunReadsNoAnnotation(@TempDir Path dir) throws Exception {
        ClassesLoaded child = ClassesLoaded.byMain(dir, DaemonCommandLineCostTest.class, "run", "--config", "some/dockmedic.yml");
        assertTrue(child.output().contains("CONFIG some/dockmedic.yml"), "--config did not reach the command:\n" + child.output());
        assertEquals(List.of(), child.classes().stream().filter(c -> c.contains("$Proxy")).toList(),
                "annotations were read (a proxy class per annotation type)");
    }

    @Test
    void theConfigOptionReachesTheDaemonInBothSpellings() {
        for (String option : List.of("-c", "--config")) {
            CommandLine cl = Main.withCommandsFor("run", option, "x.yml");
            cl.parseArgs("run", option, "x.yml");
            RunCommand run = cl.getSubcommands().get("run").getCommand();
            assertEquals(Path.of("x.yml"), run.config.file, option);
        }
    }
}
