package io.dockmedic.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * The few POSIX facts the state directory checks need, read without following symbolic links:
 * owner uid, mode with its sticky bit (the {@code unix} attribute view; {@code PosixFileAttributes}
 * has no sticky bit), and the uid this process runs as.
 */
public final class Posix {
    /** Directories the agent creates in its state dir: owner all, group read. */
    public static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-x---");
    /** Files the agent and the CLI create there: owner read/write, group read. */
    public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r-----");
    static final int STICKY = 01000;
    static final int GROUP_OR_OTHER_WRITE = 0022;

    private static final int SELF = selfUid();

    private Posix() {
    }

    /** The owner and mode (permission bits, sticky included) of {@code p} itself, never of a link's target. */
    public record Stat(int uid, int gid, int mode, boolean directory, boolean symlink, boolean regular, long size) {
        public String octal() {
            return String.format("%04o", mode & 07777);
        }

        boolean writableByOthers() {
            return (mode & GROUP_OR_OTHER_WRITE) != 0;
        }

        boolean sticky() {
            return (mode & STICKY) != 0;
        }
    }

    public static Stat stat(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:uid,gid,mode,isDirectory,isSymbolicLink,isRegularFile,size",
                LinkOption.NOFOLLOW_LINKS);
        return new Stat((Integer) a.get("uid"), (Integer) a.get("gid"), (Integer) a.get("mode"), (Boolean) a.get("isDirectory"),
                (Boolean) a.get("isSymbolicLink"), (Boolean) a.get("isRegularFile"), (Long) a.get("size"));
    }

    /** The uid this process runs as, or -1 where the JDK cannot tell (then no uid is "ours"). */
    public static int uid() {
        return SELF;
    }

    public static FileAttribute<Set<PosixFilePermission>> mode(Set<PosixFilePermission> perms) {
        return PosixFilePermissions.asFileAttribute(perms);
    }

    private static int selfUid() {
        try {
            return (int) new com.sun.security.auth.module.UnixSystem().getUid();
        } catch (LinkageError | RuntimeException e) {
            return -1;
        }
    }
}
