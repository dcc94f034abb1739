package io.dockmedic.stack;

import io.dockmedic.compose.ComposeFile;
import io.dockmedic.compose.ComposeProject;
import io.dockmedic.docker.Labels;
import io.dockmedic.yaml.YamlSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compose files a container's labels point to ({@code com.docker.compose.project.config_files},
 * comma-separated; relative paths against {@code .project.working_dir}), parsed with the doctor's
 * {@link ComposeFile} and merged in order. Each file is parsed again only when its modification time
 * or size changes. A file that cannot be read or parsed (e.g. the agent runs in a container that does
 * not mount it) makes that project fall back to its labels; it is logged once per file and reason.
 * Thread-safe: lanes and the project check share one instance.
 */
public final class ComposeFiles {
    private static final Logger log = LoggerFactory.getLogger(ComposeFiles.class);
    static final int MAX_FILES = 256;
    static final long MAX_BYTES = 1 << 20;

    private record Parsed(long mtime, long size, ComposeFile file, String problem) {
    }

    private final Map<Path, Parsed> cache = new ConcurrentHashMap<>();
    private final Map<String, String> warned = new ConcurrentHashMap<>();

    /** The project the labels' compose files define, or empty when they name none or one is unusable. */
    public Optional<ComposeProject> project(Map<String, String> labels) {
        String list = labels.get(Labels.CONFIG_FILES);
        if (list == null || list.isBlank()) {
            return Optional.empty();
        }
        String dir = labels.getOrDefault(Labels.WORKING_DIR, "");
        List<ComposeFile> files = new ArrayList<>();
        boolean usable = true;
        for (String part : list.split(",")) {
            String name = part.strip();
            if (name.isEmpty()) {
                continue;
            }
            Parsed p = parsed(name, dir);
            if (p.problem() == null) {
                warned.remove(name);
                files.add(p.file());
            } else {
                usable = false;
                if (!p.problem().equals(warned.put(name, p.problem()))) {
                    log.warn("compose file {} of project {}: {}; using the project's labels only", name,
                            labels.getOrDefault(Labels.PROJECT, ""), p.problem());
                }
            }
        }
        return usable && !files.isEmpty() ? Optional.of(ComposeProject.merge(files)) : Optional.empty();
    }

    private Parsed parsed(String name, String dir) {
        Path path;
        try {
            path = Path.of(name);
            if (!path.isAbsolute() && !dir.isEmpty()) {
                path = Path.of(dir).resolve(path);
            }
        } catch (InvalidPathException e) {
            return new Parsed(0, 0, null, "is not a valid path");
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return new Parsed(0, 0, null, YamlSource.unreadable(e));
        }
        long mtime = attrs.lastModifiedTime().toMillis();
        Parsed known = cache.get(path);
        if (known != null && known.mtime() == mtime && known.size() == attrs.size()) {
            return known;
        }
        Parsed p;
        if (attrs.size() > MAX_BYTES) {
            p = new Parsed(mtime, attrs.size(), null, "is larger than " + MAX_BYTES / 1024 + " KiB");
        } else {
            ComposeFile f = ComposeFile.open(path);
            p = new Parsed(mtime, attrs.size(), f, f.problems().isEmpty() ? null : f.problems().get(0).toString());
        }
        if (cache.size() >= MAX_FILES) {
            cache.clear();
        }
        cache.put(path, p);
        return p;
    }
}
