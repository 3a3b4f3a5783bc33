package org.lighttpdctl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lighttpdctl.os.Syscalls;

/** The mirror of the administrator's config directory, and that removing it never touches what it points to. */
class ConfigBasedirTest {
    @TempDir
    Path dir;

    @Test
    void mirrorsEveryEntryButTheReservedNameAndRemovesOnlyItself() throws Exception {
        Path admin = Files.createDirectories(dir.resolve("etc"));
        Path config = Files.writeString(admin.resolve("lighttpd.conf"), "server.port = 80\n");
        Files.createDirectories(admin.resolve("conf.d"));
        Files.writeString(admin.resolve("conf.d").resolve("x.conf"), "# x\n");
        Files.writeString(admin.resolve("lighttpdctl-generation.conf"), "# the admin's own file of that name\n");
        Path mirror = dir.resolve("state").resolve("7.d");

        ConfigBasedir.mirror(Syscalls.system(), config, mirror, "lighttpdctl-generation.conf");
        assertTrue(Files.isSymbolicLink(mirror.resolve("conf.d")));
        assertEquals("# x\n", Files.readString(mirror.resolve("conf.d/x.conf")));
        assertEquals(config, Files.readSymbolicLink(mirror.resolve("lighttpd.conf")));
        assertFalse(Files.exists(mirror.resolve("lighttpdctl-generation.conf")));

        Files.writeString(mirror.resolve("lighttpdctl-generation.conf"), "include \"x\"\n");
        ConfigBasedir.remove(Syscalls.system(), mirror);
        assertFalse(Files.exists(mirror));
        assertTrue(Files.isRegularFile(admin.resolve("conf.d").resolve("x.conf")), "the admin's files stay");
        assertTrue(Files.isRegularFile(config));
        assertTrue(Files.isRegularFile(admin.resolve("lighttpdctl-generation.conf")));
    }
}
