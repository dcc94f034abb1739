package io.dockmedic.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.ClassesLoaded;
import java.nio.file.Path;
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
        ClassesLoaded child = ClassesLoaded.byMain(dir, MetricsStartCostTest.class);
        assertTrue(child.output().contains("NO JVM GC"), child.output());
        assertTrue(child.loaded("io.micrometer.prometheusmetrics.PrometheusMeterRegistry"), "the log lists the classes");
        assertFalse(child.loaded("java.lang.management.ManagementFactory"), "the JVM's management beans were asked");
    }

    @Test
    void bindingTheJvmsMetricsAddsTheGarbageCollectors(@TempDir Path dir) throws Exception {
        ClassesLoaded child = ClassesLoaded.byMain(dir, MetricsStartCostTest.class, "jvm");
        assertTrue(child.output().contains("JVM GC"), child.output());
        assertTrue(child.loaded("java.lang.management.ManagementFactory"));
    }
}
