package org.lighttpdctl.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Helper programs as Command runs them (posix_spawn through the real seam, under Commons Exec's pumps and
 * watchdog): what they print and how they end, a hung one killed by the watchdog, the PATH lookup, and what
 * the child gets (stdin /dev/null, only descriptors 0 to 2). Real processes; no root needed.
 */
class CommandTest {

    @Test
    void stdoutAndStderrTogetherAndTheExitCode() throws IOException {
        Command.Result result = Command.run(List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"), 10_000);
        assertEquals(3, result.exitCode());
        assertTrue(result.output().contains("out\n") && result.output().contains("err\n"), result.output());
        assertFalse(result.killed());
    }

    @Test
    void theWatchdogKillsAHungProgram() throws IOException {
        long start = System.nanoTime();
        Command.Result result = Command.run(List.of("/bin/sleep", "30"), 300);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(result.killed(), result.toString());
        assertEquals(128 + 9, result.exitCode(), "SIGKILL");
        assertTrue(tookMillis < 20_000, "took " + tookMillis + " ms");
    }

    @Test
    void aNameWithoutSlashIsLookedUpInPath() throws IOException {
        assertEquals(0, Command.run(List.of("sh", "-c", "exit 0"), 10_000).exitCode());
        IOException missing = assertThrows(IOException.class,
                () -> Command.run(List.of("no-such-program-of-lighttpdctl"), 10_000));
        assertTrue(missing.getMessage().contains("cannot start no-such-program-of-lighttpdctl: not found in PATH"),
                missing.getMessage());
        assertEquals("/bin/sh", HelperProcess.resolve("/bin/sh", null));
        assertThrows(IOException.class, () -> HelperProcess.resolve("sh", "::"), "empty PATH entries are skipped");
    }

    /**
     * An attack: another user who can write a directory on root's PATH (a PATH that names /tmp/bin, or a
     * directory left group-writable) plants a program of a helper's name there, and lighttpdctl, as root, would
     * run it. A planted program is skipped, named in the message when nothing else is found; relative PATH entries
     * (the working directory's, for execvp) are never looked in.
     */
    @Test
    void aProgramPlantedWhereOthersCanWriteIsNeverRun(@TempDir Path tmp) throws IOException {
        Path bin = Files.createDirectory(tmp.resolve("bin"));
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path planted = bin.resolve("sh");
        Files.writeString(planted, "#!/bin/sh\necho planted\n");
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxr-xr-x"));

        String resolved = HelperProcess.resolve("sh", bin + ":/usr/bin:/bin");
        assertTrue(resolved.equals("/usr/bin/sh") || resolved.equals("/bin/sh"), resolved);
        IOException refused = assertThrows(IOException.class, () -> HelperProcess.resolve("sh", bin.toString()));
        assertTrue(refused.getMessage().contains("skipped " + planted + ": "), refused.getMessage());
        // a link there to a trusted program is refused too: it could be swapped between the check and the exec
        Files.createSymbolicLink(bin.resolve("linked-sh"), Path.of("/bin/sh"));
        assertThrows(IOException.class, () -> HelperProcess.resolve("linked-sh", bin.toString()));
        // root's links on the way are followed and checked: /bin on a merged /usr
        assertEquals("/bin/sh", HelperProcess.resolve("sh", "/bin"));
        assertTrue(Files.isExecutable(Path.of("bin/lighttpdctl")), "the test runs in the source tree");
        assertThrows(IOException.class, () -> HelperProcess.resolve("lighttpdctl", "bin"),
                "relative PATH entries are skipped");
    }

    @Test
    void theChildReadsDevNullAndHoldsOnlyItsThreeDescriptors() throws IOException {
        assertEquals("", Command.run(List.of("/bin/cat"), 10_000).output(), "stdin is not /dev/null");
        // tested by name, not listed: a glob or ls would open a descriptor of its own on the directory
        String fds = Command.run(List.of("/bin/sh", "-c", "n=0; while [ $n -lt 1024 ]; do"
                + " [ -e /proc/$$/fd/$n ] && echo $n; n=$((n + 1)); done; exit 0"), 10_000).output();
        assertEquals("0\n1\n2\n", fds, "descriptors the child holds");
    }

    @Test
    void outputLargerThanAPipeBufferIsReadWhole() throws IOException {
        Command.Result result = Command.run(List.of("/bin/sh", "-c", "head -c 300000 /dev/zero | tr '\\0' x"),
                10_000);
        assertEquals(0, result.exitCode());
        assertEquals(300_000, result.output().length());
        assertTrue(result.output().chars().allMatch(c -> c == 'x'));
    }
}
