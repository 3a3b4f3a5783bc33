package org.lighttpdctl.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14, finding 1: directories root trusts are reached and created through checked descriptors. */
class DirectoryFdTest {
    private static final int NOBODY = 65534;
    @TempDir
    Path root;

    @Test
    void missingDirectoriesAreCreatedInsideAPrivateOneOwnedByRootMode0755() throws Exception {
        Path state = root.resolve("a/b");
        try (DirectoryFd dir = DirectoryFd.openTrusted(Syscalls.system(), state, 0, true)) {
            dir.requireStillAt();
        }
        assertEquals(0, Files.getAttribute(state, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals(0755, (Integer) Files.getAttribute(state, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
    }

    @Test
    void nothingIsCreatedInADirectoryOthersCanWriteEvenSticky() throws Exception {
        Path sticky = Files.createDirectory(root.resolve("sticky"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        TrustedPath.UntrustedException e = assertThrows(TrustedPath.UntrustedException.class,
                () -> DirectoryFd.openTrusted(Syscalls.system(), sticky.resolve("state/x"), 0, true));
        assertTrue(e.getMessage().contains("lighttpdctl does not create it in " + sticky + ", which others can write"),
                e.getMessage());
        assertFalse(Files.exists(sticky.resolve("state"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aDirectoryAnotherUserOwnsOrALinkIsRefusedThroughItsDescriptor() throws Exception {
        Path theirs = Files.createDirectory(root.resolve("theirs"));
        Files.setAttribute(theirs, "unix:uid", NOBODY);
        assertThrows(TrustedPath.UntrustedException.class,
                () -> DirectoryFd.openTrusted(Syscalls.system(), theirs, 0, false));
        Path link = Files.createSymbolicLink(root.resolve("link"), Files.createDirectory(root.resolve("real")));
        assertThrows(TrustedPath.UntrustedException.class,
                () -> DirectoryFd.openTrusted(Syscalls.system(), link, 0, true));
    }

    /** The swap: the name is replaced after the descriptor was checked; the re-check under the lock sees it. */
    @Test
    void aDirectorySwappedAfterItWasOpenedIsNoticed() throws Exception {
        Path state = Files.createDirectory(root.resolve("state"));
        try (DirectoryFd dir = DirectoryFd.openTrusted(Syscalls.system(), state, 0, false)) {
            Files.move(state, root.resolve("moved"));
            Files.createDirectory(state);
            TrustedPath.UntrustedException e = assertThrows(TrustedPath.UntrustedException.class,
                    dir::requireStillAt);
            assertTrue(e.getMessage().contains(state + " was replaced"), e.getMessage());
        }
    }
}
