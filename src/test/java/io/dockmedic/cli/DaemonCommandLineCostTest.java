package io.dockmedic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        Path classes = dir.resolve("classes.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xshare:auto", "-Xlog:class+load:file=" + classes,
                "-cp", System.getProperty("java.class.path"), DaemonCommandLineCostTest.class.getName(),
                "run", "--config", "some/dockmedic.yml")
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM did not exit");
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("CONFIG some/dockmedic.yml"), "--config did not reach the command:\n" + out);
        List<String> proxies = Files.readAllLines(classes, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("$Proxy")).toList();
        assertEquals(List.of(), proxies, "annotations were read (a proxy class per annotation type)");
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
