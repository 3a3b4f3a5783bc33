package org.lighttpdctl.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** start-stop-daemon's rule, as root, on real directories under a fresh temp root (below the sticky /tmp). */
class TrustedPathTest {
    private static final int NOBODY = 65534;
    private final TrustedPath asRoot = new TrustedPath(0);
    private Path root;

    @BeforeEach
    void createRoot() throws IOException {
        assertEquals("root", System.getProperty("user.name"), "run the tests as root");
        root = Files.createTempDirectory("lighttpdctl-trust-");
    }

    @AfterEach
    void removeRoot() throws IOException {
        try (var all = Files.walk(root)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aRootOwnedTreeBelowTheStickyTmpIsTrustedAndAMissingDirectoryToo() throws IOException {
        Path state = Files.createDirectories(root.resolve("state/instance/generations"));
        Files.writeString(state.resolve("1.generation"), "id=1\n");
        asRoot.requireTree(root.resolve("state"));
        asRoot.requireDirectory(root.resolve("not/yet/created"));
    }

    @Test
    void anAncestorAnotherUserOwnsIsRefused() throws IOException {
        Path parent = Files.createDirectory(root.resolve("parent"));
        Files.setAttribute(parent, "unix:uid", NOBODY);
        assertRefused(parent.resolve("state"), parent + " is owned by uid " + NOBODY);
    }

    @Test
    void aWritableAncestorIsRefusedUnlessStickyAndRootOwned() throws IOException {
        Path shared = Files.createDirectory(root.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertRefused(shared.resolve("state"), shared + " is writable by group or others");
        Files.setAttribute(shared, "unix:mode", 01777);
        // issue 14: a missing state directory is never created there (another user could create it first) ...
        assertRefused(shared.resolve("state"), shared.resolve("state") + " does not exist, and lighttpdctl does"
                + " not create it in " + shared + ", which others can write");
        // ... one root made beforehand is used: in a sticky directory nobody else can rename or replace it
        Files.createDirectory(shared.resolve("state"));
        asRoot.requireDirectory(shared.resolve("state"));
        Files.setAttribute(shared, "unix:uid", NOBODY);
        assertRefused(shared.resolve("state"), "owned by uid " + NOBODY);
    }

    @Test
    void aLinkAsTheDirectoryOrInsideItIsRefusedARootLinkAboveItIsFollowed() throws IOException {
        Path real = Files.createDirectories(root.resolve("real/state"));
        Path link = Files.createSymbolicLink(root.resolve("link"), root.resolve("real"));
        asRoot.requireTree(link.resolve("state"));
        assertRefused(Files.createSymbolicLink(root.resolve("state-link"), real), "is a symbolic link");
        Files.createSymbolicLink(real.resolve("lock"), Path.of("/etc/shadow"));
        assertRefused(real, real.resolve("lock") + " is a symbolic link");
    }

    @Test
    void aLinkAboveItIntoAnUntrustedDirectoryIsRefused() throws IOException {
        Path foreign = Files.createDirectory(root.resolve("foreign"));
        Files.setAttribute(foreign, "unix:uid", NOBODY);
        Files.createDirectory(foreign.resolve("state"));
        Path link = Files.createSymbolicLink(root.resolve("link"), foreign);
        assertRefused(link.resolve("state"), foreign + " is owned by uid " + NOBODY);
    }

    @Test
    void aFileInsideThatAnotherUserOwnsOrCanWriteIsRefused() throws IOException {
        Path state = Files.createDirectories(root.resolve("state"));
        Path record = Files.writeString(state.resolve("9.generation"), "");
        Files.setPosixFilePermissions(record, PosixFilePermissions.fromString("rw-rw-r--"));
        assertRefused(state, record + " is writable by group or others");
        Files.setPosixFilePermissions(record, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setAttribute(record, "unix:uid", NOBODY);
        assertRefused(state, record + " is owned by uid " + NOBODY);
    }

    /** AtomicFile replaces a planted link itself, never writing through it. */
    @Test
    void atomicFileReplacesALinkNeverItsTarget() throws IOException {
        Path victim = Files.writeString(root.resolve("victim"), "precious\n");
        Path pidfile = Files.createSymbolicLink(root.resolve("lighttpd.pid"), victim);
        AtomicFile.write(Syscalls.system(), pidfile, "4711\n");
        assertEquals("precious\n", Files.readString(victim));
        assertTrue(!Files.isSymbolicLink(pidfile));
        assertEquals("4711\n", Files.readString(pidfile));
        try (var left = Files.list(root)) {
            assertEquals(2, left.count(), "no temporary file is left");
        }
    }

    private void assertRefused(Path dir, String reason) {
        TrustedPath.UntrustedException e = assertThrows(TrustedPath.UntrustedException.class,
                () -> asRoot.requireTree(dir));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
