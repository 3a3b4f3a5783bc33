package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lighttpdctl.testing.Lighttpd;

/**
 * Issue 9, findings 1 and 2, as root: a state directory or pidfile directory that another user owns or can write,
 * or that is a symbolic link, is refused before anything is started, and a planted config or record is never used.
 */
class TrustedStateTest extends SiteTest {
    private static final int NOBODY = 65534;

    @BeforeEach
    void runsAsRoot() {
        assertEquals("root", System.getProperty("user.name"), "these attacks are against root: run the tests as root");
    }

    @Test
    void aStateDirectoryOwnedByAnotherUserIsRefusedAndNothingStarts() throws Exception {
        Files.createDirectories(ctl.stateDir());
        Files.setAttribute(ctl.stateDir(), "unix:uid", NOBODY);
        assertRefused(ctl.run("start"), "is owned by uid " + NOBODY);
    }

    @Test
    void aStateDirectoryWritableByEveryoneIsRefused() throws Exception {
        Files.createDirectories(ctl.stateDir());
        Files.setPosixFilePermissions(ctl.stateDir(), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertRefused(ctl.run("start"), "writable by group or others");
    }

    @Test
    void aSymlinkedStateDirectoryIsRefused() throws Exception {
        Path elsewhere = Files.createDirectory(site.root().resolve("elsewhere"));
        Files.createSymbolicLink(ctl.stateDir(), elsewhere);
        assertRefused(ctl.run("start"), "is a symbolic link");
    }

    /** The attack: another user plants an instance directory whose wrapper config root's lighttpd would read. */
    @Test
    void aPlantedFileInsideTheStateDirectoryIsRefused() throws Exception {
        assertEquals(0, ctl.run("start").exitCode());
        assertEquals(0, ctl.run("stop").exitCode());
        Path instanceDir;
        try (var dirs = Files.list(ctl.stateDir())) {
            instanceDir = dirs.findFirst().orElseThrow();
        }
        Path planted = Files.writeString(instanceDir.resolve("generations/7.conf"), "include_shell \"id\"\n");
        Files.setAttribute(planted, "unix:uid", NOBODY);
        assertRefused(ctl.run("start"), planted + " is owned by uid " + NOBODY);
        assertRefused(ctl.run("graceful"), planted.toString());
    }

    /** The lock symlink swap: with the state directory trusted, a link planted as the lock is refused too. */
    @Test
    void aLockThatIsASymlinkIsRefusedAndItsTargetUntouched() throws Exception {
        assertEquals(0, ctl.run("start").exitCode());
        assertEquals(0, ctl.run("stop").exitCode());
        Path instanceDir;
        try (var dirs = Files.list(ctl.stateDir())) {
            instanceDir = dirs.findFirst().orElseThrow();
        }
        Path victim = Files.writeString(site.root().resolve("root-only"), "precious\n");
        Files.delete(instanceDir.resolve("lock"));
        Files.createSymbolicLink(instanceDir.resolve("lock"), victim);
        assertRefused(ctl.run("start"), "is a symbolic link");
        assertEquals("precious\n", Files.readString(victim));
    }

    @Test
    void aPidfileDirectoryAnotherUserCanWriteIsRefused() throws Exception {
        Path shared = Files.createDirectory(site.root().resolve("shared"));
        Files.setAttribute(shared, "unix:gid", 33);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxr-x"));
        Ctl.Result start = ctl.run("start", "--pidfile", shared.resolve("lighttpd.pid").toString());
        assertEquals(6, start.exitCode(), start.toString());
        assertTrue(start.err().contains("cannot use pidfile " + shared.resolve("lighttpd.pid") + ": " + shared
                + " is writable by group or others"), start.toString());
        assertEquals(List.of(), ctl.lighttpdProcesses());
    }

    private void assertRefused(Ctl.Result result, String reason) {
        assertEquals(6, result.exitCode(), result.toString());
        assertTrue(result.err().contains("cannot use state directory "), result.toString());
        assertTrue(result.err().contains(reason), result.toString());
        assertEquals(List.of(), ctl.lighttpdProcesses(), "nothing may start on an untrusted state directory");
        assertFalse(Lighttpd.accepts(site.port()));
    }
}
