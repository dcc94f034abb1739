package io.dockmedic.remediation;

import io.dockmedic.yaml.ProblemsException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the playbooks, build-then-swap: every file is loaded and checked first; only a complete,
 * valid set replaces the one in use. A failed reload keeps the old set, logs every problem (file,
 * line, column, field) and is counted, as Prometheus' jmx_exporter does for its config:
 * {@code dockmedic_playbooks_reload_success} (1/0, the last reload) and
 * {@code dockmedic_playbooks_reload_failures_total}.
 */
final class PlaybookReload {
    private static final Logger log = LoggerFactory.getLogger("dockmedic.remediation");

    private final List<Path> dirs;
    private final Consumer<Map<String, Playbook>> swap;
    private final AtomicInteger success = new AtomicInteger(1);
    private final Counter failures;

    PlaybookReload(List<Path> dirs, Consumer<Map<String, Playbook>> swap, MeterRegistry registry) {
        this.dirs = List.copyOf(dirs);
        this.swap = swap;
        Gauge.builder("dockmedic.playbooks.reload.success", success, AtomicInteger::get)
                .description("1 if the last playbook reload succeeded").register(registry);
        this.failures = Counter.builder("dockmedic.playbooks.reload.failures")
                .description("Playbook reloads that failed (the playbooks in use were kept)").register(registry);
    }

    /** Returns whether the new playbooks are in use. */
    synchronized boolean reload() {
        Map<String, Playbook> fresh;
        try {
            fresh = PlaybookLoader.load(dirs);
        } catch (ProblemsException e) {
            success.set(0);
            failures.increment();
            log.error("playbook reload failed, keeping the playbooks in use: {}", e.getMessage());
            return false;
        }
        swap.accept(fresh);
        success.set(1);
        return true;
    }
}
