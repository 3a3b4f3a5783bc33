package org.lighttpdctl.server;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.lighttpdctl.ExitCode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A -tt run in the background ends as the same run in the foreground would: its failure is the caller's. */
@Tag("unit")
class PendingCheckTest {

    @Test
    void aCheckThatFailsInTheBackgroundFailsTheCallerWithItsExitCode(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("lighttpd.conf"), "server.port = 1\n");
        LighttpdBinary failing = new LighttpdBinary(Path.of("/bin/false"));
        ConfigRejectedException rejected = assertThrows(ConfigRejectedException.class,
                () -> failing.checkInBackground(config).await());
        assertEquals(ExitCode.NOT_CONFIGURED, rejected.exitCode());
        assertTrue(rejected.getMessage().contains("fails lighttpd -tt"), rejected.getMessage());
        assertDoesNotThrow(() -> new LighttpdBinary(Path.of("/bin/true")).checkInBackground(config).await());
    }
}
