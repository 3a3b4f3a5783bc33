package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.lighttpdctl.testing.Processes;

/**
 * Issue 9, finding 7: a call killed between the spawn and the record. The next call "forgot generation 2 (PID 0
 * is gone)" while it lived, and gave id 2 to another generation. A configuration that takes six seconds to load
 * when a generation starts (not for the -tt and -p checks) keeps it starting while the next call runs.
 */
class KilledSpawnTest extends SiteTest {

    @Test
    void aGenerationSpawnedButNotRecordedIsFoundAndStopped() throws Exception {
        Ctl slow = ctl.withConfig(slowConfig());
        killAfterSpawn(slow);
        Ctl.Result stop = slow.run("stop");
        assertEquals(0, stop.exitCode(), stop.toString());
        assertFalse(stop.err().contains("is gone"), stop.toString());
        assertEquals(List.of(), remainingAfter(Duration.ofSeconds(5)),
                "the spawned generation must be found and stopped: " + stop
                + ctl.lighttpdProcesses().stream().map(Processes::commandLine).toList());
    }

    @Test
    void generationIdsAreNeverReused() throws Exception {
        Ctl slow = ctl.withConfig(slowConfig());
        killAfterSpawn(slow);
        Ctl.Result start = slow.run("start");
        assertEquals(0, start.exitCode(), start.toString());
        Ctl.Result json = slow.run("status", "--json");
        assertTrue(json.out().contains("{\"id\":2,"), "the next generation must get id 2: " + json);
        assertEquals(0, slow.run("stop").exitCode());
        assertEquals(List.of(), remainingAfter(Duration.ofSeconds(5)));
        assertEquals(0, slow.run("start").exitCode());
        Ctl.Result again = slow.run("status", "--json");
        assertTrue(again.out().contains("{\"id\":3,"), "forgotten ids are not given again: " + again);
    }

    /** The daemon parent exits on its own once its child is gone: wait for that, bounded. */
    private List<Long> remainingAfter(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!ctl.lighttpdProcesses().isEmpty() && System.nanoTime() < deadline) {
            Processes.sleep(Duration.ofMillis(20));
        }
        return ctl.lighttpdProcesses();
    }

    private Path slowConfig() throws Exception {
        Path script = site.root().resolve("slow-start.sh");
        Files.writeString(script, "#!/bin/sh\np=$PPID\nfor i in 1 2 3; do\n"
                + "  if grep -q generations/ /proc/$p/cmdline 2>/dev/null; then sleep 6; exit 0; fi\n"
                + "  p=$(cut -d' ' -f4 /proc/$p/stat)\ndone\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path config = site.root().resolve("slow.conf");
        Files.writeString(config, Files.readString(site.config()) + "\ninclude_shell \"" + script + "\"\n");
        return config;
    }

    private static void killAfterSpawn(Ctl slow) throws Exception {
        Process tool = slow.start(Map.of(org.lighttpdctl.Console.PAUSE_VARIABLE,
                org.lighttpdctl.Checkpoint.SPAWNED.name()), "start", "-v");
        StartStopStatusTest.awaitLine(tool, "paused at checkpoint SPAWNED");
        tool.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertFalse(Processes.withCommandLineContaining("generations/1.d/").isEmpty(),
                "the spawned lighttpd must still be starting when the next call runs");
    }
}
