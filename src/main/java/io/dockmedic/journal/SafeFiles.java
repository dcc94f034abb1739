package io.dockmedic.journal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Reading and writing files in the (checked) state directory without following links, with a size
 * cap on everything read. Writes go through {@link FileOutputStream}, whose writes and fsync a thread
 * interrupt cannot abort (an NIO {@code FileChannel} is closed by any interrupt of the thread using it).
 */
public final class SafeFiles {
    private SafeFiles() {
    }

    /** A file that is larger than its cap. */
    public static final class TooLargeException extends IOException {
        public TooLargeException(Path file, long max) {
            super(file + " is larger than " + max + " bytes");
        }
    }

    /** The whole content of the regular file {@code file}, refused if it is a link, not a regular file or over {@code max}. */
    public static byte[] read(Path file, int max) throws IOException {
        Posix.Stat s = Posix.stat(file);
        if (s.symlink()) {
            throw new FileSystemException(file.toString(), null, "is a symbolic link: not followed");
        }
        if (!s.regular()) {
            throw new FileSystemException(file.toString(), null, "is not a regular file");
        }
        // NOFOLLOW again at open: a link swapped in after the check is refused too (O_NOFOLLOW)
        try (SeekableByteChannel ch = Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            if (ch.size() > max) {
                throw new TooLargeException(file, max);
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(max + 1L, ch.size() + 1));
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // until the end or one byte past the cap
            }
            if (buf.position() > max) {
                throw new TooLargeException(file, max);
            }
            byte[] out = new byte[buf.position()];
            buf.flip().get(out);
            return out;
        }
    }

    /**
     * Creates {@code file} (it must not exist: never through a link) with {@code perms} and writes {@code data} to it,
     * fsynced.
     */
    public static void writeNew(Path file, byte[] data, Set<PosixFilePermission> perms) throws IOException {
        Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                Posix.mode(perms)).close();
        // the file now exists, is ours and regular, in a directory nobody else can write: open it by name
        try (FileOutputStream out = new FileOutputStream(file.toFile())) {
            out.write(data);
            out.getFD().sync();
        }
    }

    /** Replaces {@code file} with {@code data} atomically (a fresh temporary file renamed over it) and durably. */
    public static void replace(Path file, byte[] data, Set<PosixFilePermission> perms) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp); // a leftover of a crash (or a planted link: deleting removes the link only)
        writeNew(tmp, data, perms);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
