package io.dockmedic.agent;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the rules (or the playbooks: one instance each) when a YAML file in a configured directory
 * is created, changed or deleted. Watches with the JDK's {@link WatchService} (inotify on Linux) on
 * the {@code dockmedic-rules-watch} (or {@code dockmedic-playbooks-watch}) daemon thread and waits
 * until the directories have been quiet for the debounce time, so an editor's save (write, rename,
 * delete of a backup) or a {@code cp -r} becomes one reload. A configured path that is a file is
 * watched through its directory; a missing directory is not watched (SIGHUP still reloads).
 */
final class RuleReloader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RuleReloader.class);

    private final WatchService watcher;
    private final Thread thread;
    private final Duration debounce;
    private final Runnable reload;

    private final String what;

    private RuleReloader(String what, WatchService watcher, Duration debounce, Runnable reload) {
        this.what = what;
        this.watcher = watcher;
        this.debounce = debounce;
        this.reload = reload;
        this.thread = new Thread(this::loop, "dockmedic-" + what + "-watch");
        this.thread.setDaemon(true);
    }

    /** Starts watching rule directories {@code dirsOrFiles}; {@code reload} runs on the watch thread after each quiet change. */
    static RuleReloader start(List<Path> dirsOrFiles, Duration debounce, Runnable reload) throws IOException {
        return start("rules", dirsOrFiles, debounce, reload);
    }

    /** The same for other files ({@code what}: {@code playbooks}, in thread names and log lines). */
    static RuleReloader start(String what, List<Path> dirsOrFiles, Duration debounce, Runnable reload) throws IOException {
        WatchService ws = FileSystems.getDefault().newWatchService();
        int watched = 0;
        for (Path p : dirsOrFiles) {
            Path dir = Files.isDirectory(p) ? p : p.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                log.info("{} directory {} does not exist: not watched (SIGHUP reloads)", what, p);
                continue;
            }
            dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            watched++;
        }
        RuleReloader r = new RuleReloader(what, ws, debounce, reload);
        if (watched > 0) {
            r.thread.start();
        }
        return r;
    }

    private void loop() {
        try {
            while (true) {
                boolean changed = drain(watcher.take());
                WatchKey more;
                while ((more = watcher.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    changed |= drain(more); // still changing: wait for quiet
                }
                if (changed) {
                    reload.run();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("{} file watcher stopped; SIGHUP still reloads", what, e);
        }
    }

    /** Consumes a key's events; true when one concerns a YAML file (or events were lost). */
    private static boolean drain(WatchKey key) {
        boolean relevant = false;
        for (WatchEvent<?> e : key.pollEvents()) {
            String name = String.valueOf(e.context());
            relevant |= e.kind() == StandardWatchEventKinds.OVERFLOW || name.endsWith(".yml") || name.endsWith(".yaml");
        }
        key.reset();
        return relevant;
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }
}
