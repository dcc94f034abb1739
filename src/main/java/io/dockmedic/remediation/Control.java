package io.dockmedic.remediation;

import io.dockmedic.journal.Posix;
import io.dockmedic.journal.StateDir;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * How {@code dockmedic remediation rearm|pause|resume} reach the running agent: through files in
 * {@code STATE_DIR/control/}. The CLI writes {@code req-ID.json} (atomically), the agent picks
 * requests up within half a second, applies each exactly once ({@link ControlPoller}), writes
 * {@code req-ID.ack} with its answer and deletes the request; the CLI prints the answer and deletes
 * the ack. No network port is opened, and only who may write the state directory (the agent's user
 * and root) can steer remediation.
 *
 * <p>The CLI usually runs as root in a directory the agent's user owns; that user must not be able to
 * make root write elsewhere, so everything here goes through a {@link SecureDirectoryStream} opened
 * without following links (openat/renameat/fchown relative to the directory actually opened), and the
 * files the CLI makes (and the {@code control} directory) are handed to the state directory's owner so
 * that the agent can remove them.
 */
public final class Control {
    static final String DIR = "control";
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private Control() {
    }

    /** A request on its way: where its answer will appear. */
    public record Submitted(Path stateDir, RequestId id) {
    }

    /** CLI side: submits a request. */
    public static Submitted submit(Path stateDir, ControlRequest request) throws IOException {
        StateDir state = StateDir.existing(stateDir);
        PosixFileAttributes top = Files.readAttributes(state.path(), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        try {
            Files.createDirectory(state.resolve(DIR), Posix.mode(Posix.DIR_MODE));
        } catch (FileAlreadyExistsException e) {
            // there already; checked below
        }
        state.checkSub(DIR);
        RequestId id = RequestId.next();
        byte[] body = request.toJson().toString().getBytes(StandardCharsets.UTF_8);
        try (SecureDirectoryStream<Path> sd = secure(state.path());
             SecureDirectoryStream<Path> control = sd.newDirectoryStream(Path.of(DIR), LinkOption.NOFOLLOW_LINKS)) {
            PosixFileAttributeView dirView = control.getFileAttributeView(PosixFileAttributeView.class);
            refuseWritableByOthers(state.resolve(DIR), dirView.readAttributes());
            handOver(dirView, top.owner(), top.group(), state.resolve(DIR));
            Path tmp = Path.of("tmp-" + id);
            try (SeekableByteChannel ch = control.newByteChannel(tmp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), Posix.mode(Posix.FILE_MODE))) {
                ByteBuffer b = ByteBuffer.wrap(body);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ((java.nio.channels.FileChannel) ch).force(true);
            }
            handOver(control.getFileAttributeView(tmp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS),
                    top.owner(), top.group(), state.resolve(DIR).resolve(tmp));
            control.move(tmp, control, Path.of(id.requestFile()));
            repairOlder(control, top.owner(), top.group(), state.resolve(DIR));
        }
        return new Submitted(state.path(), id);
    }

    /** CLI side: waits for the agent's answer; empty if it did not come within {@code timeout}. */
    public static Optional<String> await(Submitted s, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path ack = Path.of(s.id().ackFile());
        while (System.nanoTime() < deadline) {
            try (SecureDirectoryStream<Path> sd = secure(s.stateDir());
                 SecureDirectoryStream<Path> control = sd.newDirectoryStream(Path.of(DIR), LinkOption.NOFOLLOW_LINKS);
                 SeekableByteChannel ch = control.newByteChannel(ack, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(MAX_ANSWER_BYTES, Math.max(0, ch.size())));
                while (buf.hasRemaining() && ch.read(buf) >= 0) {
                    // the whole (bounded) answer
                }
                control.deleteFile(ack);
                return Optional.of(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                Thread.sleep(100);
            }
        }
        return Optional.empty();
    }

    private static SecureDirectoryStream<Path> secure(Path dir) throws IOException {
        DirectoryStream<Path> ds = Files.newDirectoryStream(dir);
        if (ds instanceof SecureDirectoryStream<Path> s) {
            return s;
        }
        ds.close();
        throw new IOException("the file system of " + dir + " offers no race-free directory operations (openat): "
                + "the remediation CLI needs them");
    }

    private static void refuseWritableByOthers(Path dir, PosixFileAttributes a) throws IOException {
        Set<PosixFilePermission> p = a.permissions();
        if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new io.dockmedic.journal.UnsafeStateDirException("directory " + dir + " is writable by others ("
                    + java.nio.file.attribute.PosixFilePermissions.toString(p) + "): make it 0750");
        }
    }

    /**
     * Gives a file the CLI made to the state dir's owner (a no-op unless the CLI runs as another user, i.e. root), so
     * the agent can manage it.
     */
    private static void handOver(PosixFileAttributeView v, UserPrincipal owner, GroupPrincipal group, Path what)
            throws IOException {
        PosixFileAttributes a = v.readAttributes();
        try {
            if (!a.owner().equals(owner)) {
                v.setOwner(owner);
            }
            if (!a.group().equals(group)) {
                v.setGroup(group);
            }
        } catch (IOException e) {
            throw new IOException("cannot give " + what + " to " + owner.getName() + ", the state directory's owner, so that "
                    + "the agent can remove it: run this as root or as the agent's user (" + e.getMessage() + ")", e);
        }
    }

    /** Requests an older CLI left as root in the agent's directory: handed over too, so the agent can remove them. */
    private static void repairOlder(SecureDirectoryStream<Path> control, UserPrincipal owner, GroupPrincipal group, Path dir) {
        for (Path p : control) {
            if (RequestId.ofRequestFile(p.getFileName().toString()).isPresent()) {
                try {
                    PosixFileAttributeView v = control.getFileAttributeView(p.getFileName(), PosixFileAttributeView.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (v.readAttributes().isRegularFile()) {
                        handOver(v, owner, group, dir.resolve(p.getFileName()));
                    }
                } catch (IOException e) {
                    // best effort: the agent warns about what it cannot remove
                }
            }
        }
    }
}
