package org.lighttpdctl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where per-generation backend sockets may live: nobody but root and server.username adds entries there. */
class BackendSocketDirectoryTest {
    private final BackendSocketDirectory rootAndWwwData = new BackendSocketDirectory(Set.of(0, 33));

    @Test
    void rootsRunAndWwwDatasOwnDirectoryAreReserved(@TempDir Path tmp) throws Exception {
        assertEquals(Optional.empty(), rootAndWwwData.problem(Path.of("/run")));
        Path own = Files.createDirectory(tmp.resolve("lighttpd"));
        Files.setAttribute(own, "unix:uid", 33);
        Files.setAttribute(own, "unix:mode", 0750);
        assertEquals(Optional.empty(), rootAndWwwData.problem(own));
    }

    @Test
    void aWorldWritableDirectoryLikeTmpIsNamed() {
        Optional<String> problem = rootAndWwwData.problem(Path.of("/tmp"));
        assertTrue(problem.isPresent() && problem.get().startsWith("/tmp is writable by others (mode 1777)"),
                problem.toString());
    }

    @Test
    void aDirectoryOfAnotherUserOrAGroupWritableOneIsNamed(@TempDir Path tmp) throws Exception {
        Path nobodys = Files.createDirectory(tmp.resolve("nobodys"));
        Files.setAttribute(nobodys, "unix:uid", 65534);
        assertEquals(Optional.of(nobodys + " is owned by uid 65534, not by root or server.username"),
                rootAndWwwData.problem(nobodys));
        Path group = Files.createDirectory(tmp.resolve("group"));
        Files.setAttribute(group, "unix:mode", 0770);
        assertEquals(Optional.of(group + " is writable by its group (mode 0770)"), rootAndWwwData.problem(group));
        assertTrue(rootAndWwwData.problem(tmp.resolve("missing")).orElseThrow().endsWith("does not exist"));
    }

    @Test
    void aLinkOnTheWayCountsOnlyWhenRootOwnsIt(@TempDir Path tmp) throws Exception {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        assertEquals(Optional.empty(), rootAndWwwData.problem(link));
        Files.setAttribute(link, "unix:uid", 65534, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        assertEquals(Optional.of(link + " is a symbolic link owned by uid 65534, not root"),
                rootAndWwwData.problem(link));
    }
}
