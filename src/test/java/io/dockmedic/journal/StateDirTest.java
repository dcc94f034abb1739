package io.dockmedic.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only the agent's user and root may be able to write the state dir and its control dir. */
class StateDirTest {
    @TempDir
    Path tmp;

    private static void mode(Path p, int mode) throws Exception {
        Files.setAttribute(p, "unix:mode", mode);
    }

    @Test
    void createsAMissingDirectoryPrivate() throws Exception {
        StateDir s = StateDir.open(tmp.resolve("a/state"));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(s.path())));
    }

    @Test
    void refusesADirectoryOthersCanWriteNamingItAndItsMode() throws Exception {
        Path d = Files.createDirectory(tmp.resolve("state"));
        mode(d, 0777);
        UnsafeStateDirException e = assertThrows(UnsafeStateDirException.class, () -> StateDir.open(d));
        assertTrue(e.getMessage().contains(d.toRealPath().toString()) && e.getMessage().contains("0777"), e.getMessage());
        mode(d, 0770);
        e = assertThrows(UnsafeStateDirException.class, () -> StateDir.open(d));
        assertTrue(e.getMessage().contains("writable by others (mode 0770)"), e.getMessage());
        mode(d, 0750);
        StateDir.open(d);
    }

    @Test
    void aStickyDirectoryIsFineOnlyWhenItIsOurs() throws Exception {
        Path d = Files.createDirectory(tmp.resolve("state"));
        mode(d, 01777);
        int owner = Posix.stat(d).uid();
        StateDir s = StateDir.open(d, owner);
        assertFalse(s.trustedOwner(owner + 4321), "files of other users in it are not believed");
        assertThrows(UnsafeStateDirException.class, () -> StateDir.open(d, owner + 1));
    }

    @Test
    void refusesADirectoryOwnedBySomeoneElse() throws Exception {
        assumeTrue(Posix.uid() == 0, "needs root to give the directory away");
        Path d = Files.createDirectory(tmp.resolve("state"));
        Files.setAttribute(d, "unix:uid", 4321);
        UnsafeStateDirException e = assertThrows(UnsafeStateDirException.class, () -> StateDir.open(d, 1234));
        assertTrue(e.getMessage().contains("owned by uid 4321"), e.getMessage());
    }

    @Test
    void refusesALinkedOrUnsafeControlDirectory() throws Exception {
        StateDir s = StateDir.open(tmp.resolve("state"));
        assertFalse(s.checkSub("control"));
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(s.resolve("control"), elsewhere);
        UnsafeStateDirException e = assertThrows(UnsafeStateDirException.class, () -> s.checkSub("control"));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        Files.delete(s.resolve("control"));
        mode(Files.createDirectory(s.resolve("control")), 0777);
        assertThrows(UnsafeStateDirException.class, () -> s.checkSub("control"));
    }
}
