package io.dockmedic.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A state snapshot (a Jackson-mapped record) kept in one JSON file: written to a fresh temporary
 * file (created new, never through a link, mode 0640), fsynced, then atomically renamed over the
 * old one, so a reader or a restarted agent sees either the previous or the new state, never half of
 * one. Reading is bounded ({@link #MAX_BYTES}) and never trusts the content: a file that is not a
 * regular file, too large, not JSON, {@code null} or of the wrong shape is {@link Loaded.Corrupt}
 * with a reason that names the place, never the content. The mapped records check their own
 * invariants (no nulls) in their constructors.
 */
public final class StateFile<T> {
    private static final Logger log = LoggerFactory.getLogger("dockmedic.state");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** No saved state the agent writes comes near this; a larger file is not read into memory. */
    public static final int MAX_BYTES = 1 << 20;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,39}");

    /** What is on disk. */
    public sealed interface Loaded<T> {
        record Present<T>(T value) implements Loaded<T> {
        }

        record Missing<T>() implements Loaded<T> {
        }

        /** Unusable; {@code reason} names the file and the place, not the content. */
        record Corrupt<T>(String reason) implements Loaded<T> {
        }
    }

    /** {@link #load} found the file unusable. */
    public static final class CorruptStateException extends IOException {
        public CorruptStateException(String reason) {
            super(reason);
        }
    }

    private final Path file;
    private final Class<T> type;
    private final int maxBytes;
    private final IntPredicate trustedOwner;

    public StateFile(Path file, Class<T> type) {
        this(file, type, uid -> true);
    }

    /** A state file in a checked {@link StateDir}: one owned by a user it does not trust is not believed. */
    public StateFile(Path file, Class<T> type, IntPredicate trustedOwner) {
        this.file = file;
        this.type = type;
        this.maxBytes = MAX_BYTES;
        this.trustedOwner = trustedOwner;
    }

    public Path path() {
        return file;
    }

    /** What the file holds; IOException only when it cannot be read at all (e.g. permissions). */
    public Loaded<T> read() throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return new Loaded.Missing<>();
        }
        int owner = Posix.stat(file).uid();
        if (!trustedOwner.test(owner)) {
            return new Loaded.Corrupt<>(file + " is owned by uid " + owner + ", who may not write the agent's state");
        }
        byte[] bytes;
        try {
            bytes = SafeFiles.read(file, maxBytes);
        } catch (SafeFiles.TooLargeException e) {
            return new Loaded.Corrupt<>(file + " is larger than " + maxBytes + " bytes");
        } catch (FileSystemException e) {
            if (e.getReason() != null && (e.getReason().startsWith("is a symbolic link") || e.getReason().startsWith("is not a"))) {
                return new Loaded.Corrupt<>(file + " " + e.getReason());
            }
            throw e;
        }
        if (bytes.length == 0) {
            return new Loaded.Corrupt<>(file + " is empty");
        }
        try {
            T value = JSON.readValue(bytes, type);
            return value == null ? new Loaded.Corrupt<>(file + " holds null, not a state object") : new Loaded.Present<>(value);
        } catch (JsonProcessingException e) {
            return new Loaded.Corrupt<>(file + ": " + describe(e));
        }
    }

    /** The saved state, empty when there is none yet; {@link CorruptStateException} when it is unusable. */
    public Optional<T> load() throws IOException {
        Loaded<T> l = read();
        if (l instanceof Loaded.Corrupt<T> c) {
            throw new CorruptStateException(c.reason());
        }
        return l instanceof Loaded.Present<T> p ? Optional.of(p.value()) : Optional.empty();
    }

    /**
     * Agent side at start: the saved state, or empty; an unusable file is moved aside to
     * {@code NAME.corrupt-TIMESTAMP} (kept for a human to look at) with a WARN naming both files and the reason,
     * and the caller starts afresh. {@code lost} says what starting afresh forgets.
     */
    public Optional<T> loadOrSetAside(Clock clock, String lost) throws IOException {
        Loaded<T> l = read();
        if (l instanceof Loaded.Corrupt<T> c) {
            Path aside = setAside(clock);
            log.warn("{}; moved it aside to {} and starting with an empty state: {}", c.reason(), aside.getFileName(), lost);
            return Optional.empty();
        }
        return l instanceof Loaded.Present<T> p ? Optional.of(p.value()) : Optional.empty();
    }

    /** Renames the file (a link itself, never its target) to a new {@code NAME.corrupt-TIMESTAMP[-N]}. */
    Path setAside(Clock clock) throws IOException {
        String base = file.getFileName() + ".corrupt-" + STAMP.format(clock.instant());
        Path aside = file.resolveSibling(base);
        for (int n = 1; Files.exists(aside, LinkOption.NOFOLLOW_LINKS); n++) {
            aside = file.resolveSibling(base + "-" + n);
        }
        Files.move(file, aside);
        return aside;
    }

    /** Replaces the saved state atomically and durably. */
    public void save(T state) {
        try {
            Files.createDirectories(file.getParent());
            SafeFiles.replace(file, JSON.writeValueAsBytes(state), Posix.FILE_MODE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save state to " + file, e);
        }
    }

    /** Where and what went wrong, without quoting the file (Jackson's own messages quote tokens of it). */
    static String describe(JsonProcessingException e) {
        String at = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        if (e instanceof ValueInstantiationException v && v.getCause() instanceof IllegalArgumentException bad) {
            return bad.getMessage() + at;
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String path = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? "." + (NAME.matcher(r.getFieldName()).matches() ? r.getFieldName() : "?")
                            : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining());
            path = path.startsWith(".") ? path.substring(1) : path;
            String what = e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException ? "unknown field " : "wrong type for ";
            return what + path + at;
        }
        if (e instanceof JsonMappingException) {
            return "not the expected structure" + at;
        }
        return "not valid JSON" + at;
    }
}
