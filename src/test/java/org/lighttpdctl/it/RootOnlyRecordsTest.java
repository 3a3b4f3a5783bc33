package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Issue 14: the generation records and last-id are root's alone (mode 0600): they name what root signals and the
 * numbers of the next generations. The wrapper stays readable: lighttpd re-reads it at SIGUSR1 after it dropped
 * privileges (in-place restart), and status as another user needs none of them.
 */
class RootOnlyRecordsTest extends SiteTest {
    @Test
    void recordsAndLastIdAreReadableByRootOnly() throws Exception {
        assertEquals(0, ctl.run("start").exitCode());
        assertEquals(0, ctl.run("graceful").exitCode());
        Path generations;
        try (var dirs = Files.list(ctl.stateDir())) {
            generations = dirs.filter(Files::isDirectory).findFirst().orElseThrow().resolve("generations");
        }
        List<Path> privateFiles;
        try (var files = Files.list(generations)) {
            privateFiles = files.filter(f -> f.getFileName().toString().matches("[0-9]+\\.generation|last-id"))
                    .toList();
        }
        assertFalse(privateFiles.isEmpty());
        for (Path file : privateFiles) {
            assertEquals(0600, mode(file), file.toString());
        }
        assertEquals(0, ctl.run("stop").exitCode());
    }

    private static int mode(Path file) throws Exception {
        return (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }
}
