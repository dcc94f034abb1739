package io.dockmedic.stack;

import io.dockmedic.compose.ComposeFile;
import io.dockmedic.compose.ComposeProject;
import io.dockmedic.docker.Labels;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
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
 * or size changes. The path comes from a label, which whoever creates a container chooses: files are
 * read by {@link NamedFileReader} (regular files only, no links, at most {@link #MAX_BYTES}, within
 * {@link #READ_TIMEOUT}). A file that cannot be read or parsed (e.g. the agent runs in a container that does
 * not mount it) makes that project fall back to its labels; it is logged once per file and reason,
 * naming the label and the path, never the content.
 * Thread-safe: lanes and the project check share one instance.
 */
public final class ComposeFiles {
    private static final Logger log = LoggerFactory.getLogger(ComposeFiles.class);
    static final int MAX_FILES = 256;
    static final long MAX_BYTES = 1 << 20;
    /** How long a lane waits for one compose file (stat, open and read); a local file takes microseconds. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private record Parsed(long mtime, long size, ComposeFile file, String problem) {
    }

    private final Map<Path, Parsed> cache = new ConcurrentHashMap<>();
    private final Map<String, String> warned = new ConcurrentHashMap<>();
    private final NamedFileReader reader;

    public ComposeFiles() {
        this(new NamedFileReader(READ_TIMEOUT));
    }

    ComposeFiles(NamedFileReader reader) {
        this.reader = reader;
    }

    /** The project the labels' compose files define, or empty when they name none or one is unusable. */
    public Optional<ComposeProject> project(Map<String, String> labels) {
        String list = labels.get(Labels.CONFIG_FILES);
        if (list == null || list.isBlank()) {
            return Optional.empty();
        }
        String dir = labels.getOrDefault(Labels.WORKING_DIR, "");
        List<ComposeFile> files = new ArrayList<>();
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
                if (!p.problem().equals(warned.put(name, p.problem()))) {
                    log.warn("compose file {} (label {}) of project {}: {}; using the project's labels only", name,
                            Labels.CONFIG_FILES, labels.getOrDefault(Labels.PROJECT, ""), p.problem());
                }
                // one unusable file makes the whole set unusable: the rest is not read (a label listing
                // many slow files costs one read timeout, not one each)
                return Optional.empty();
            }
        }
        return files.isEmpty() ? Optional.empty() : Optional.of(ComposeProject.merge(files));
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
        NamedFileReader.Read r = reader.read(path, MAX_BYTES, (p, mtime, size) -> {
            Parsed known = cache.get(p);
            return known != null && known.mtime() == mtime && known.size() == size;
        });
        if (r.unchanged()) {
            Parsed known = cache.get(path);
            if (known != null) {
                return known;
            }
            r = reader.read(path, MAX_BYTES, (p, mtime, size) -> false); // evicted meanwhile
        }
        if (r.bytes() == null && r.mtime() == 0) {
            return new Parsed(0, 0, null, r.problem()); // not a file we read: checked again next time
        }
        Parsed p;
        if (r.bytes() == null) {
            p = new Parsed(r.mtime(), r.size(), null, r.problem());
        } else {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(r.bytes())).toString();
            } catch (CharacterCodingException e) {
                text = null;
            }
            if (text == null) {
                p = new Parsed(r.mtime(), r.size(), null, "is not valid UTF-8");
            } else {
                ComposeFile f = ComposeFile.parse(path.toString(), text);
                p = new Parsed(r.mtime(), r.size(), f, f.problems().isEmpty() ? null : f.problems().get(0).toString());
            }
        }
        if (cache.size() >= MAX_FILES) {
            cache.clear();
        }
        cache.put(path, p);
        return p;
    }
}
