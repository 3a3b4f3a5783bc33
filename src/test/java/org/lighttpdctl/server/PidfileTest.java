package org.lighttpdctl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.os.Syscalls;

class PidfileTest {
    @TempDir
    Path dir;

    private Pidfile pidfile() {
        return new Pidfile(dir.resolve("x.pid"), true, 32768, Syscalls.system());
    }

    private String problemWith(String content) throws Exception {
        Files.writeString(dir.resolve("x.pid"), content);
        return assertThrows(LighttpdctlException.class, () -> pidfile().read()).getMessage();
    }

    @Test
    void contentIsParsedStrictly() throws Exception {
        assertEquals(OptionalInt.empty(), pidfile().read(), "absent");
        Files.writeString(dir.resolve("x.pid"), "");
        assertEquals(OptionalInt.empty(), pidfile().read(), "empty means not running");
        Files.writeString(dir.resolve("x.pid"), "1234\n");
        assertEquals(OptionalInt.of(1234), pidfile().read());
        Files.writeString(dir.resolve("x.pid"), "1234");
        assertEquals(OptionalInt.of(1234), pidfile().read(), "a missing newline is fine");
    }

    @Test
    void badContentIsNamed() throws Exception {
        String file = dir.resolve("x.pid").toString();
        assertEquals("pidfile " + file + " does not hold a PID: it starts with \"abc\"", problemWith("abc\n"));
        assertEquals("pidfile " + file + " names a negative PID (-3)", problemWith("-3\n"));
        assertEquals("pidfile " + file + " has junk after the PID: \" 5\"", problemWith("12 5\n"));
        assertEquals("pidfile " + file + " has junk after the PID: \"\\x0a\"", problemWith("12\n\n"));
        assertEquals("pidfile " + file + " names PID 40000, beyond the kernel's pid_max 32768", problemWith("40000"));
        assertEquals("pidfile " + file + " names PID 99999999999999999999, beyond the kernel's pid_max 32768",
                problemWith("99999999999999999999"));
        assertEquals("pidfile " + file + " names PID 0, which is never a lighttpd generation", problemWith("0"));
        assertEquals("pidfile " + file + " names PID 1, which is never a lighttpd generation", problemWith("1"));
    }

    @Test
    void writeIsAtomicAndLeavesNoTemporaryFile() throws Exception {
        pidfile().write(4321);
        assertEquals("4321\n", Files.readString(dir.resolve("x.pid")));
        pidfile().write(4322);
        assertEquals("4322\n", Files.readString(dir.resolve("x.pid")));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
        pidfile().remove();
        assertTrue(Files.notExists(dir.resolve("x.pid")));
    }

    /** Issue 14, finding 1: a missing pidfile directory is never created where another user could make it first. */
    @Test
    void aMissingDirectoryInsideOneOthersCanWriteIsNotCreated() throws Exception {
        Path sticky = Files.createDirectory(dir.resolve("sticky"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        Pidfile pidfile = new Pidfile(sticky.resolve("run/lighttpd.pid"), true, 32768, Syscalls.system());
        String message = assertThrows(LighttpdctlException.class, () -> pidfile.write(1234)).getMessage();
        assertTrue(message.contains("cannot write pidfile " + sticky.resolve("run/lighttpd.pid")), message);
        assertTrue(message.contains("which others can write"), message);
        assertTrue(Files.notExists(sticky.resolve("run")));
        new Pidfile(dir.resolve("private/lighttpd.pid"), true, 32768, Syscalls.system()).write(1234);
        assertEquals("1234\n", Files.readString(dir.resolve("private/lighttpd.pid")));
    }
}
