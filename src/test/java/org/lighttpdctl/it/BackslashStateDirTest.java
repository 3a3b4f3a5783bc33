package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.lighttpdctl.testing.Lighttpd;

/**
 * Issue 14, smaller findings: lighttpd's tokenizer undoes no escape but a backslash before a quote, so the
 * wrapper must not double backslashes: a state directory with one in its name gave lighttpd a pidfile path in a
 * directory that does not exist, and start failed.
 */
class BackslashStateDirTest extends SiteTest {
    @Test
    void aStateDirectoryWithABackslashWorks() throws Exception {
        String state = site.root().resolve("back\\slash").toString();
        Ctl.Result start = ctl.run("start", "--state-dir", state);
        assertEquals(0, start.exitCode(), start.toString());
        assertTrue(Lighttpd.accepts(site.port()));
        Ctl.Result graceful = ctl.run("graceful", "--state-dir", state);
        assertEquals(0, graceful.exitCode(), graceful.toString());
        try (var generations = Files.list(Files.list(Path.of(state)).filter(Files::isDirectory).findFirst()
                .orElseThrow().resolve("generations"))) {
            assertTrue(generations.anyMatch(f -> f.getFileName().toString().matches("[0-9]+\\.pid")),
                    "the generation's own pidfile lies where the wrapper says");
        }
        assertEquals(0, ctl.run("stop", "--state-dir", state).exitCode());
    }
}
