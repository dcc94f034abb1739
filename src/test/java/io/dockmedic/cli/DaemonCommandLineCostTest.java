package io.dockmedic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.ClassesLoaded;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    /**
     * The daemon begins start-up work beside reading its command line; begun before logging was set up, a library
     * logging from a class initialiser made SLF4J print a warning on stderr that it replayed the call (in about one start
     * of four). Twelve starts of {@code run --help}, each in a fresh JVM: none prints it.
     */
    @Test
    void startingTheDaemonPrintsNoLoggingReplayWarning() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < 12; i++) {
            Process child = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "run", "--help").redirectErrorStream(true).start();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM did not exit");
            assertTrue(out.contains("Usage: dockmedic run"), out);
            assertTrue(!out.contains("SLF4J(W)"), "start " + (i + 1) + " printed SLF4J's warning:\n" + out);
        }
    }
}
