package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.lighttpdctl.testing.Processes;

/**
 * {@code lighttpdctl --cds-training}, the run behind the class-data-sharing archive (make cds, the postinst): every
 * action does what it should against its throw-away lighttpd, and nothing is left behind.
 */
class CdsTrainingTest {
    @Test
    void everyActionSucceedsAndTheTempSiteAndItsServersAreGoneAfterwards() throws IOException {
        Set<Path> before = trainingDirs();
        Ctl.Result result = Ctl.runBare("--cds-training");
        // It exits 1 and names the action when any action exits other than expected (start 0, ..., status 3).
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("", result.err(), result.toString());
        assertEquals(before, trainingDirs(), "its temp directory must be removed");
        assertEquals(List.of(), Processes.withCommandLineContaining("lighttpdctl-cds-"),
                "no lighttpd of the training may be left running");
    }

    private static Set<Path> trainingDirs() throws IOException {
        Set<Path> dirs = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")),
                "lighttpdctl-cds-*")) {
            entries.forEach(dirs::add);
        }
        return dirs;
    }
}
