package io.dockmedic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a piece of start-up work loads, in a fresh JVM (tests of issue 18's start-up costs): runs {@code main} of a
 * class on this test classpath in a child JVM with class-load logging, and returns what it printed and the classes it
 * loaded. A fresh JVM, because this one's other tests have loaded nearly everything long ago.
 */
public record ClassesLoaded(String output, List<String> classes) {

    /** Runs {@code main} with {@code args} in a child JVM (it must exit 0 within a minute). */
    public static ClassesLoaded byMain(Path dir, Class<?> main, String... args) throws Exception {
        Path log = dir.resolve("classes.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xshare:auto",
                "-Xlog:class+load:file=" + log, "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM did not exit");
        assertEquals(0, child.exitValue(), out);
        List<String> classes = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .map(l -> l.replaceFirst("^\\[[^]]*\\]\\[[^]]*\\]\\[[^]]*\\] ", "").split(" ")[0]).toList();
        return new ClassesLoaded(out, classes);
    }

    public boolean loaded(String className) {
        return classes.contains(className);
    }
}
