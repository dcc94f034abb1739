package io.dockmedic.journal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The agent's state directory, checked before anything in it is read or written. Whoever can write
 * a directory can plant links in it, forge control requests and journal records, or replace the
 * saved state, so a directory is refused (a startup error naming it and its mode) unless only the
 * agent's user and root can write it: not a symbolic link, owned by the agent's user or root, and
 * not group- or world-writable, except sticky and owned by the agent's user (then others may only
 * add files of their own, which {@link #trustedOwner} refuses). The configured path itself may be a
 * link the administrator made; it is resolved once, and nothing below it is ever followed.
 */
public final class StateDir {
    private final Path dir;
    private final Posix.Stat stat;
    private final int self;

    private StateDir(Path dir, Posix.Stat stat, int self) {
        this.dir = dir;
        this.stat = stat;
        this.self = self;
    }

    /** Agent side: creates the directory (0750) if it is missing, then checks it. */
    public static StateDir open(Path configured) throws IOException {
        return open(configured, Posix.uid());
    }

    /** As {@link #open(Path)}, as if this process ran as {@code self} (tests simulate other users with it). */
    static StateDir open(Path configured, int self) throws IOException {
        if (!Files.exists(configured)) {
            try {
                Path parent = configured.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.createDirectory(configured, Posix.mode(Posix.DIR_MODE));
            } catch (FileAlreadyExistsException e) {
                // made in between: checked below like any other
            } catch (AccessDeniedException e) {
                throw new AccessDeniedException(configured.toString(), null, "cannot create the state directory: permission "
                        + "denied (create it, mode 0750, owned by the agent's user)");
            }
        }
        Path real;
        try {
            real = configured.toRealPath();
        } catch (NoSuchFileException e) {
            throw new IOException("state directory " + configured + " does not exist (a dangling link?)", e);
        }
        Posix.Stat s = check(real, "state directory", self, -1);
        return new StateDir(real, s, self);
    }

    /**
     * CLI side (often root, steering an agent that runs as another user): the directory must exist already; its
     * owner is taken to be the agent's user, and it is refused if anybody else can write it.
     */
    public static StateDir existing(Path configured) throws IOException {
        if (!Files.exists(configured)) {
            throw new NoSuchFileException(configured.toString(), null, "state directory does not exist: "
                    + "is the agent (dockmedic run) set up with this state_dir?");
        }
        Path real = configured.toRealPath();
        int owner = Posix.stat(real).uid();
        return new StateDir(real, check(real, "state directory", owner, -1), owner);
    }

    /**
     * Refuses {@code dir} unless only {@code self}, root or {@code alsoTrusted} (-1: nobody else) can write it;
     * returns what it saw.
     */
    static Posix.Stat check(Path dir, String what, int self, int alsoTrusted) throws IOException {
        Posix.Stat s = Posix.stat(dir);
        if (s.symlink()) {
            throw new UnsafeStateDirException(what + " " + dir + " is a symbolic link: refusing to follow it");
        }
        if (!s.directory()) {
            throw new UnsafeStateDirException(what + " " + dir + " is not a directory");
        }
        boolean ownerTrusted = s.uid() == 0 || s.uid() == self || s.uid() == alsoTrusted;
        if (!ownerTrusted) {
            throw new UnsafeStateDirException(what + " " + dir + " (mode " + s.octal() + ") is owned by uid " + s.uid()
                    + ", not by the agent's user (uid " + self + ") or root: that user could forge its contents; "
                    + "chown it to the agent's user");
        }
        if (s.writableByOthers() && !(s.sticky() && s.uid() == self && self >= 0)) {
            throw new UnsafeStateDirException(what + " " + dir + " is writable by others (mode " + s.octal()
                    + "): anyone who can write it could forge control requests, journal records and state; "
                    + "make it 0750 (chmod 0750 " + dir + ")");
        }
        return s;
    }

    public Path path() {
        return dir;
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    /** The uid this process runs as (as the checks saw it). */
    int self() {
        return self;
    }

    /**
     * Checks a directory inside the state dir (e.g. {@code control/}); false if it does not exist. Its owner may be
     * the agent's user, root, or the state dir's owner.
     */
    public boolean checkSub(String name) throws IOException {
        Path sub = dir.resolve(name);
        if (!Files.exists(sub, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        check(sub, "directory", self, stat.uid());
        return true;
    }

    /**
     * May a file owned by {@code uid} in a checked directory be believed? The agent's user, root and the state dir's
     * owner; anyone else could only have put it there through a sticky directory.
     */
    public boolean trustedOwner(int uid) {
        return uid == 0 || uid == self || uid == stat.uid();
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
