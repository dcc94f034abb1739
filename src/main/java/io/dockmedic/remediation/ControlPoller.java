package io.dockmedic.remediation;

import io.dockmedic.journal.Posix;
import io.dockmedic.journal.SafeFiles;
import io.dockmedic.journal.StateDir;
import io.dockmedic.journal.StateFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of {@link Control}: applies each request in {@code STATE_DIR/control/} exactly
 * once, oldest first, whoever owns its file. The id of a request is recorded as applied
 * ({@code control-applied.json}, in the state dir the agent owns) BEFORE it is applied, and stays
 * recorded until its file is gone, so a request the agent cannot remove (a root-owned file from an
 * older CLI) is never applied again: it costs one WARN, not a pause renewed every half second. A crash
 * between recording and applying loses that request (the CLI then reports no answer): a rearm or
 * pause applied twice would be worse. One request's failure never stops the others.
 */
final class ControlPoller {
    private static final Logger log = LoggerFactory.getLogger("dockmedic.remediation");
    static final String APPLIED_FILE = "control-applied.json";
    /** Requests applied per poll (every 0.5 s); the rest wait for the next poll. */
    static final int MAX_PER_POLL = 32;
    /** Ids of applied requests whose files could not be removed that are remembered. */
    static final int MAX_APPLIED = 4096;
    private static final int MAX_WARNINGS = 1024;

    /** The record of applied requests whose files still exist. */
    record Applied(List<String> ids) {
        Applied {
            ids = ids == null ? List.of() : ids;
            if (ids.stream().anyMatch(i -> i == null)) {
                throw new IllegalArgumentException("ids: null entry");
            }
        }
    }

    /** The file operations, so tests can make a request file that cannot be removed (root can remove anything). */
    interface ControlFiles {
        /** Every name in the control directory, nothing when it does not exist; refuses an unsafe directory. */
        void list(Consumer<String> name) throws IOException;

        /** A request file's content, at most {@code max} bytes; refuses links, non-regular files and untrusted owners. */
        byte[] read(String name, int max) throws IOException;

        void writeAck(RequestId id, String answer) throws IOException;

        /** Removes a file; absent already is fine. */
        void delete(String name) throws IOException;
    }

    private final ControlFiles files;
    private final StateFile<Applied> record;
    private final Clock clock;
    private final BiFunction<RequestId, ControlRequest, String> apply;
    private Set<RequestId> applied;
    private final Set<String> warned = new HashSet<>();

    ControlPoller(ControlFiles files, StateFile<Applied> record, Clock clock, BiFunction<RequestId, ControlRequest, String> apply) {
        this.files = files;
        this.record = record;
        this.clock = clock;
        this.apply = apply;
    }

    /** Applies what is pending; never throws (problems are logged, each once). */
    synchronized void poll() {
        try {
            if (applied == null) {
                Set<RequestId> loaded = new TreeSet<>();
                record.loadOrSetAside(clock, "control requests applied before whose files remained may be applied once more")
                        .ifPresent(a -> a.ids().forEach(i -> {
                            try {
                                loaded.add(new RequestId(i));
                            } catch (IllegalArgumentException e) {
                                // not an id we write: nothing to remember
                            }
                        }));
                applied = loaded;
            }
            PriorityQueue<RequestId> pending = new PriorityQueue<>(Collections.reverseOrder()); // newest on top
            Set<RequestId> leftovers = new HashSet<>();
            List<String> ignored = new ArrayList<>(1);
            int[] ignoredCount = {0};
            files.list(name -> {
                var id = RequestId.ofRequestFile(name);
                if (id.isEmpty()) {
                    if (name.startsWith(RequestId.PREFIX) && name.endsWith(RequestId.REQUEST) && ignoredCount[0]++ == 0) {
                        ignored.add(name);
                    }
                } else if (applied.contains(id.get())) {
                    leftovers.add(id.get());
                } else {
                    pending.add(id.get());
                    if (pending.size() > MAX_PER_POLL) {
                        pending.poll();
                    }
                }
            });
            if (ignoredCount[0] > 0) {
                warnOnce("names:" + ignoredCount[0], "ignored {} control file(s) whose names the CLI does not make (e.g. {})",
                        ignoredCount[0], printable(ignored.get(0)));
            }
            boolean changed = applied.retainAll(leftovers); // their files are gone: nothing to remember
            for (RequestId id : leftovers) {
                if (tryDelete(id, false)) {
                    applied.remove(id);
                    changed = true;
                }
            }
            if (changed) {
                persist();
            }
            List<RequestId> order = new ArrayList<>(pending);
            Collections.sort(order);
            for (RequestId id : order) {
                handle(id);
            }
        } catch (IOException | RuntimeException e) {
            warnOnce("poll:" + e, "cannot read remediation control requests: {}", e.toString());
        }
    }

    private void handle(RequestId id) {
        String answer;
        ControlRequest req = null;
        try {
            req = ControlRequest.parse(files.read(id.requestFile(), ControlRequest.MAX_BYTES));
        } catch (ControlRequest.BadRequest e) {
            warnOnce("bad:" + id, "control request {} refused: {}", id, e.getMessage());
            answer = "error: request " + id + ": " + e.getMessage();
            remember(id);
            finish(id, answer);
            return;
        } catch (IOException e) {
            warnOnce("read:" + id, "control request {} refused: {}", id, why(e));
            answer = "error: request " + id + " unreadable: " + why(e);
            remember(id);
            finish(id, answer);
            return;
        }
        remember(id); // before applying: a request is never applied twice
        try {
            answer = apply.apply(id, req);
        } catch (RuntimeException e) {
            log.warn("control request {} ({}) failed: {}", id, req.command(), e.toString());
            answer = "error: " + req.command() + " failed: " + e.getMessage();
        }
        finish(id, answer);
    }

    /** Records {@code id} as applied, durably; throws (and nothing is applied) if that cannot be saved. */
    private void remember(RequestId id) {
        applied.add(id);
        while (applied.size() > MAX_APPLIED) {
            RequestId oldest = applied.iterator().next();
            applied.remove(oldest);
            warnOnce("forgotten", "more than {} control requests could not be removed; forgetting the oldest ({}); "
                    + "remove the files in the control directory by hand", MAX_APPLIED, oldest);
        }
        try {
            persist();
        } catch (RuntimeException e) {
            applied.remove(id); // not recorded: not applied either, tried again at the next poll
            throw e;
        }
    }

    private void persist() {
        record.save(new Applied(applied.stream().map(RequestId::value).toList()));
    }

    private void finish(RequestId id, String answer) {
        try {
            files.writeAck(id, answer);
        } catch (IOException | RuntimeException e) {
            warnOnce("ack:" + id, "cannot answer control request {}: {}", id, e instanceof IOException io ? why(io) : e.toString());
        }
        if (tryDelete(id, true)) {
            applied.remove(id);
            try {
                persist();
            } catch (UncheckedIOException e) {
                // still remembered on disk: pruned at a later poll
            }
        }
    }

    private boolean tryDelete(RequestId id, boolean warn) {
        try {
            files.delete(id.requestFile());
            return true;
        } catch (IOException | RuntimeException e) {
            if (warn) {
                warnOnce("rm:" + id, "cannot remove control request {} ({}): it was handled once and will not be again; "
                        + "give the control directory and its files to the agent's user (chown) or remove the file", id,
                        e instanceof IOException io ? why(io) : e.toString());
            }
            return false;
        }
    }

    /** Logs a problem the first time it is seen; after {@link #MAX_WARNINGS} different ones, no more (no log flood). */
    private void warnOnce(String key, String format, Object... args) {
        if (warned.contains(key)) {
            return;
        }
        if (warned.size() >= MAX_WARNINGS) {
            if (warned.add("")) {
                log.warn("more than {} different control request problems: no more are logged until the agent restarts", MAX_WARNINGS);
            }
            return;
        }
        warned.add(key);
        log.warn(format, args);
    }

    /** An I/O problem in words ({@code AccessDeniedException}'s message is only the file name). */
    static String why(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": gone";
        }
        return e.getMessage();
    }

    /** A file name as it may be logged: printable ASCII only, bounded. */
    private static String printable(String s) {
        String p = s.replaceAll("[^\\x21-\\x7e]", "?");
        return p.length() > 80 ? p.substring(0, 80) + "..." : p;
    }

    /** The real directory {@code STATE_DIR/control}. */
    static final class Dir implements ControlFiles {
        private final StateDir state;
        private final Path dir;

        Dir(StateDir state) {
            this.state = state;
            this.dir = state.resolve(Control.DIR);
        }

        @Override
        public void list(Consumer<String> name) throws IOException {
            if (!state.checkSub(Control.DIR)) {
                return;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    name.accept(p.getFileName().toString());
                }
            } catch (NoSuchFileException e) {
                // removed in between
            }
        }

        @Override
        public byte[] read(String name, int max) throws IOException {
            Path file = dir.resolve(name);
            Posix.Stat s = Posix.stat(file);
            if (!state.trustedOwner(s.uid())) {
                throw new IOException("owned by uid " + s.uid() + ", who may not steer the agent");
            }
            return SafeFiles.read(file, max);
        }

        @Override
        public void writeAck(RequestId id, String answer) throws IOException {
            Path tmp = dir.resolve("tmp-ack-" + id);
            Files.deleteIfExists(tmp);
            SafeFiles.writeNew(tmp, answer.getBytes(StandardCharsets.UTF_8), Posix.FILE_MODE);
            Files.move(tmp, dir.resolve(id.ackFile()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }

        @Override
        public void delete(String name) throws IOException {
            Files.deleteIfExists(dir.resolve(name));
        }
    }
}
