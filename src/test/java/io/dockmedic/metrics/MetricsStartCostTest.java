package io.dockmedic.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What making the metrics costs on the way to ready (issue 18): in a fresh JVM, the registry with dockmedic's own
 * series asks nothing of the JVM's management beans (JMX: the memory pools, the garbage collectors). The JVM's
 * metrics are bound once the daemon is ready ({@link DockmedicMetrics#bindJvm}); then they are there. A fresh JVM,
 * because this one's other tests have loaded the management classes long ago.
 */
class MetricsStartCostTest {

    /** Run in the child JVM: the metrics made and scraped; with "jvm", the JVM's bound too. */
    public static void main(String[] args) {
        try (DockmedicMetrics metrics = new DockmedicMetrics("v", "c")) {
            if (args.length > 0) {
                metrics.bindJvm();
            }
            String scrape = metrics.scrape();
            System.out.println(scrape.contains("jvm_gc_") ? "JVM GC" : "NO JVM GC");
        }
    }

    @Test
    void makingTheMetricsAsksNoManagementBean(@TempDir Path dir) throws Exception {
        List<String> loaded = childClasses(dir, "NO JVM GC");
        assertTrue(loaded.contains("io.micrometer.prometheusmetrics.PrometheusMeterRegistry"), "the log lists the classes");
        assertFalse(loaded.contains("java.lang.management.ManagementFactory"), "the JVM's management beans were asked");
    }

    @Test
    void bindingTheJvmsMetricsAddsTheGarbageCollectors(@TempDir Path dir) throws Exception {
        assertTrue(childClasses(dir, "JVM GC", "jvm").contains("java.lang.management.ManagementFactory"));
    }

    private static List<String> childClasses(Path dir, String expected, String... args) throws Exception {
        Path classes = dir.resolve("classes.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xlog:class+load:file=" + classes,
                "-cp", System.getProperty("java.class.path"), MetricsStartCostTest.class.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM did not exit");
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains(expected), out);
        return Files.readAllLines(classes, StandardCharsets.UTF_8).stream()
                .map(l -> l.replaceFirst("^\\[[^]]*\\]\\[[^]]*\\]\\[[^]]*\\] ", "").split(" ")[0]).toList();
    }
}
