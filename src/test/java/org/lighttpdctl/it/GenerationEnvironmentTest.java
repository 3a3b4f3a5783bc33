package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Issue 14, finding 9: the caller's environment never reaches a generation (nor, through it, PHP's getenv()):
 * a generation gets what start-stop-daemon under systemd would give it, whoever started it and how.
 */
class GenerationEnvironmentTest extends SiteTest {
    @Test
    void aCallersVariableDoesNotReachTheGenerationAtStartOrGraceful() throws Exception {
        Map<String, String> caller = Map.of("SECRET_FROM_CALLER", "hunter2", "PATH", "/home/attacker/bin:/usr/bin",
                "LANG", "C.UTF-8");
        assertEquals(0, ctl.run(caller, "start").exitCode());
        assertClean(environ(ctl.pidfilePid()));
        Ctl.Result graceful = ctl.run(caller, "graceful");
        assertEquals(0, graceful.exitCode(), graceful.toString());
        List<String> env = environ(ctl.pidfilePid());
        assertClean(env);
        assertTrue(env.stream().anyMatch(v -> v.startsWith("LISTEN_FDS=")), "a handoff passes its sockets: " + env);
        assertEquals(0, ctl.run("stop").exitCode());
    }

    private static void assertClean(List<String> env) {
        assertFalse(env.stream().anyMatch(v -> v.startsWith("SECRET_FROM_CALLER=")), env.toString());
        assertTrue(env.contains("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), env.toString());
        assertTrue(env.contains("LANG=C.UTF-8"), env.toString());
    }

    private static List<String> environ(long pid) throws Exception {
        byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        return Arrays.stream(new String(raw, StandardCharsets.UTF_8).split("\0")).filter(s -> !s.isEmpty()).toList();
    }
}
