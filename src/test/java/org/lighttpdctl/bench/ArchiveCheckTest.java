package org.lighttpdctl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CostBench's guard against a class-data-sharing archive the JVM silently ignores: a copy of the launcher and the
 * jar in a temp tree, an archive made for it, then the jar "rebuilt" (its mtime moved, as a make deb after make
 * build does). Real JVM, real launcher.
 */
class ArchiveCheckTest {
    private static final Path TOP = Path.of("").toAbsolutePath();

    @TempDir
    Path tree;

    @Test
    void archiveMadeForTheJarIsUsedAndARebuiltJarMakesItStale() throws IOException {
        Path launcher = copyTree();
        Path archive = tree.resolve("target/lighttpdctl.jsa");
        Shell.Result made = Shell.run(List.of(launcher.toString(), "--version"), Map.of("LIGHTTPDCTL_JAVA_OPTS",
                "-XX:ArchiveClassesAtExit=" + archive + " -Xlog:cds=off -Xlog:cds+dynamic=off"));
        assertEquals(0, made.exitCode(), made.output());
        assertTrue(Files.isRegularFile(archive), "no archive made: " + made.output());

        ArchiveCheck fresh = ArchiveCheck.run(List.of(launcher.toString(), "--version"));
        assertTrue(fresh.mainFromArchive(), fresh.render());
        assertTrue(fresh.counts().get(ArchiveCheck.Source.APP_ARCHIVE) > 0, fresh.render());

        Path jar = tree.resolve("target/lighttpdctl.jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 10_000));
        ArchiveCheck stale = ArchiveCheck.run(List.of(launcher.toString(), "--version"));
        assertFalse(stale.mainFromArchive(), stale.render());
        assertEquals(0, stale.counts().get(ArchiveCheck.Source.APP_ARCHIVE), stale.render());
    }

    @Test
    void noArchiveAtAllIsRefused() throws IOException {
        Path launcher = copyTree();
        ArchiveCheck none = ArchiveCheck.run(List.of(launcher.toString(), "--version"));
        assertFalse(none.mainFromArchive(), none.render());
        assertTrue(none.counts().get(ArchiveCheck.Source.JARS) > 0, none.render());
    }

    /** bin/lighttpdctl and target/lighttpdctl.jar copied, target/lib linked: the launcher's layout. */
    private Path copyTree() throws IOException {
        Files.createDirectories(tree.resolve("bin"));
        Files.createDirectories(tree.resolve("target"));
        Path launcher = tree.resolve("bin/lighttpdctl");
        Files.copy(TOP.resolve("bin/lighttpdctl"), launcher);
        Files.copy(TOP.resolve("target/lighttpdctl.jar"), tree.resolve("target/lighttpdctl.jar"));
        Files.createSymbolicLink(tree.resolve("target/lib"), TOP.resolve("target/lib"));
        return launcher;
    }
}
