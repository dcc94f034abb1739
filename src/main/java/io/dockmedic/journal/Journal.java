package io.dockmedic.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only audit journal: one JSON object per line in {@code journal.jsonl}, each record
 * written whole and fsynced before {@link #append} returns, so it survives a crash or SIGKILL. When the
 * file passes {@code maxBytes} it is renamed to {@code journal.1.jsonl} (older ones shift up to
 * {@code keep}, the oldest is dropped) and a new file begins. Every record gets a {@code time}.
 *
 * <p>Writes go through a {@link FileOutputStream}, not a {@code FileChannel}: an NIO channel is closed for good
 * by an interrupt of whichever thread is using it (a playbook thread stopped by SIGTERM), a stream's
 * write and fsync are not interruptible. The file is never opened through a link, and a last line
 * torn by a kill mid-write is cut off (with a WARN) when the journal is opened, so the next record
 * starts on a fresh line and the file stays valid JSON lines.
 */
public final class Journal implements AutoCloseable {
    public static final String FILE = "journal.jsonl";
    private static final Logger log = LoggerFactory.getLogger("dockmedic.journal");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final long maxBytes;
    private final int keep;
    private final Clock clock;
    /** Null after a failed write: the next append reopens (and repairs the tail of) the file. */
    private FileOutputStream out;
    private long size;
    private boolean closed;

    /** Opens (creating the directory and file if needed) the journal in {@code dir}. */
    public Journal(Path dir, long maxBytes, int keep, Clock clock) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.clock = clock;
        Files.createDirectories(dir);
        open();
    }

    private void open() throws IOException {
        Path file = dir.resolve(FILE);
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                SafeFiles.writeNew(file, new byte[0], Posix.FILE_MODE);
            }
            refuseUntrusted(file);
            size = repairTail(file);
            out = new FileOutputStream(file.toFile(), true);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new java.nio.file.AccessDeniedException(file.toString(), null, "permission denied: the state directory "
                    + "and the journal must belong to the agent's user");
        } catch (java.io.FileNotFoundException e) {
            throw new FileSystemException(file.toString(), null, "cannot open the journal: " + e.getMessage());
        }
    }

    /** Refuses a link, a non-regular file, or a journal someone else could have written. */
    private void refuseUntrusted(Path file) throws IOException {
        Posix.Stat s = Posix.stat(file);
        if (s.symlink() || !s.regular()) {
            throw new FileSystemException(file.toString(), null, s.symlink() ? "is a symbolic link: the journal is never "
                    + "written through one" : "is not a regular file");
        }
        if (s.uid() != 0 && s.uid() != Posix.uid() && s.uid() != Posix.stat(dir).uid()) {
            throw new FileSystemException(file.toString(), null, "is owned by uid " + s.uid()
                    + ", not by the agent's user or root: records in it could be forged");
        }
    }

    /**
     * Ends the file on a newline: a complete last record that only lacks its newline gets one, a torn one (the agent
     * killed mid-write) is cut off with a WARN. Returns the resulting size.
     */
    static long repairTail(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long len = raf.length();
            if (len == 0) {
                return 0;
            }
            raf.seek(len - 1);
            if (raf.read() == '\n') {
                return len;
            }
            long start = lastLineStart(raf, len);
            long tornBytes = len - start;
            if (tornBytes <= 1 << 20 && isRecord(raf, start, (int) tornBytes)) {
                raf.seek(len);
                raf.write('\n');
                raf.getFD().sync();
                return len + 1;
            }
            raf.setLength(start);
            raf.getFD().sync();
            log.warn("journal {}: skipped a torn last record ({} bytes, the agent was stopped while writing it); "
                    + "the journal continues on a fresh line", file, tornBytes);
            return start;
        }
    }

    /** Where the last line of the file starts (just after the last newline before {@code len}, or 0). */
    private static long lastLineStart(RandomAccessFile raf, long len) throws IOException {
        byte[] chunk = new byte[8192];
        long end = len;
        while (end > 0) {
            int n = (int) Math.min(chunk.length, end);
            raf.seek(end - n);
            raf.readFully(chunk, 0, n);
            for (int i = n - 1; i >= 0; i--) {
                if (chunk[i] == '\n') {
                    return end - n + i + 1;
                }
            }
            end -= n;
        }
        return 0;
    }

    private static boolean isRecord(RandomAccessFile raf, long start, int n) throws IOException {
        byte[] b = new byte[n];
        raf.seek(start);
        raf.readFully(b);
        try {
            return JSON.readTree(b) instanceof ObjectNode;
        } catch (IOException e) {
            return false;
        }
    }

    /** A new record with its {@code type} set; fill it and pass it to {@link #append}. */
    public static ObjectNode record(String type) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", type);
        return n;
    }

    /** Appends one record (adding {@code time} first) and fsyncs; rotates first if the file is full. */
    public synchronized void append(ObjectNode record) {
        ObjectNode rec = JSON.createObjectNode();
        rec.put("time", clock.instant().toString());
        rec.setAll(record);
        byte[] line = (rec + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (closed) {
                throw new IOException("the journal is closed");
            }
            if (out == null) {
                open();
            }
            if (size > 0 && size + line.length > maxBytes) {
                rotate();
            }
            out.write(line);
            out.getFD().sync();
            size += line.length;
        } catch (IOException e) {
            closeQuietly(); // a partial write is repaired when the next append reopens the file
            throw new UncheckedIOException("cannot write the journal in " + dir, e);
        }
    }

    private void rotate() throws IOException {
        closeQuietly();
        Files.deleteIfExists(rotated(keep));
        for (int i = keep - 1; i >= 1; i--) {
            if (Files.exists(rotated(i), LinkOption.NOFOLLOW_LINKS)) {
                Files.move(rotated(i), rotated(i + 1), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(dir.resolve(FILE), rotated(1), StandardCopyOption.ATOMIC_MOVE);
        open();
    }

    private Path rotated(int i) {
        return dir.resolve("journal." + i + ".jsonl");
    }

    /** Every whole record of the current file, oldest first (a torn line is skipped). */
    public static List<ObjectNode> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        List<ObjectNode> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            try {
                if (!line.isBlank() && JSON.readTree(line) instanceof ObjectNode n) {
                    out.add(n);
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // a line torn by a crash, or being written right now
            }
        }
        return out;
    }

    private void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // closing
            }
            out = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeQuietly();
    }
}
