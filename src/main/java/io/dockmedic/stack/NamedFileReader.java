package io.dockmedic.stack;

import io.dockmedic.yaml.YamlSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a small file whose path someone else chose (a container's label names it): only a regular
 * file, never through a symbolic link, at most {@code maxBytes}, within a deadline.
 *
 * <ul>
 *   <li>The attributes are read without following links BEFORE anything is opened: a FIFO (whose
 *       {@code open()} blocks until a writer comes), a device ({@code /dev/zero} never ends), a
 *       socket, a directory or a link is refused without being opened.</li>
 *   <li>The file is opened with {@code NOFOLLOW_LINKS} (a link swapped in after the check fails to
 *       open) and read in small chunks into the heap, stopping after {@code maxBytes + 1} bytes: no
 *       large temporary direct buffer, whatever the file claims as its size.</li>
 *   <li>Everything (stat, open, read) runs on a bounded pool of helper threads and the caller waits
 *       at most {@code timeout}: a file on a hung network mount, or a FIFO swapped in between the
 *       check and the open, holds a helper thread, never the caller. When every helper is stuck and
 *       the short queue is full, further reads fail at once.</li>
 * </ul>
 * Written by hand: no library combines the no-follow check, the size cap and the deadline.
 */
final class NamedFileReader {
    /** What a read found. Exactly one of {@code bytes} and {@code problem} is set, unless {@code unchanged}. */
    record Read(long mtime, long size, byte[] bytes, String problem, boolean unchanged) {
        static Read problem(String why) {
            return new Read(0, 0, null, why, false);
        }
    }

    /** Tells whether a file with this modification time and size is the one already parsed (then it is not read). */
    interface Known {
        boolean unchanged(Path path, long mtime, long size);
    }

    /** The blocking part; replaceable in tests. */
    interface Io {
        Read read(Path path, long maxBytes, Known known) throws IOException;
    }

    static final int HELPERS = 2;
    /** Reads that may wait for a helper; beyond that (every helper stuck) a read fails at once. */
    static final int QUEUE = 8;
    private static final int CHUNK = 8192;

    private final Duration timeout;
    private final Io io;
    private final ThreadPoolExecutor helpers;

    NamedFileReader(Duration timeout) {
        this(timeout, NamedFileReader::readNow);
    }

    NamedFileReader(Duration timeout, Io io) {
        this.timeout = timeout;
        this.io = io;
        AtomicInteger n = new AtomicInteger();
        this.helpers = new ThreadPoolExecutor(HELPERS, HELPERS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "dockmedic-file-read-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        helpers.allowCoreThreadTimeOut(true);
    }

    /** Reads {@code path} on a helper thread; a problem (never an exception) when it cannot, or not in time. */
    Read read(Path path, long maxBytes, Known known) {
        Future<Read> f;
        try {
            f = helpers.submit(() -> io.read(path, maxBytes, known));
        } catch (RejectedExecutionException e) {
            return Read.problem("cannot be read now: earlier file reads are still stuck");
        }
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return Read.problem("could not be read within " + timeout.toMillis() + " ms (a slow or hung file system?)");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            return Read.problem("reading was interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                return Read.problem(unreadable(io));
            }
            // e.g. an OutOfMemoryError: the reason, never the content
            return Read.problem("cannot be read: " + c.getClass().getSimpleName());
        }
    }

    private static String unreadable(IOException e) {
        if (e instanceof FileSystemLoopException || e.getMessage() != null && e.getMessage().contains("symbolic link")) {
            return "is a symbolic link (not followed)";
        }
        return YamlSource.unreadable(e);
    }

    /** The real read: check without following links, then open without following links, then read at most max + 1 bytes. */
    static Read readNow(Path path, long maxBytes, Known known) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isSymbolicLink()) {
            return Read.problem("is a symbolic link (not followed)");
        }
        if (!attrs.isRegularFile()) {
            return Read.problem(attrs.isDirectory() ? "is a directory, not a file"
                    : "is not a regular file (a FIFO, device or socket is never opened)");
        }
        long mtime = attrs.lastModifiedTime().toMillis();
        if (attrs.size() > maxBytes) {
            return new Read(mtime, attrs.size(), null, tooLarge(maxBytes), false);
        }
        if (known.unchanged(path, mtime, attrs.size())) {
            return new Read(mtime, attrs.size(), null, null, true);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(attrs.size(), maxBytes) + 1);
        try (SeekableByteChannel ch = Files.newByteChannel(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            int n;
            while ((n = ch.read(buf)) >= 0) {
                out.write(buf.array(), 0, n);
                buf.clear();
                if (out.size() > maxBytes) {
                    // the file grew after the check, or is a special file that claims size 0 (/proc)
                    return new Read(mtime, attrs.size(), null, tooLarge(maxBytes), false);
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new IOException("reading was cancelled");
                }
            }
        }
        return new Read(mtime, attrs.size(), out.toByteArray(), null, false);
    }

    private static String tooLarge(long maxBytes) {
        return "is larger than " + maxBytes / 1024 + " KiB (not read)";
    }
}
