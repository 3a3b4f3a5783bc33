package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lighttpdctl.testing.Processes;

/**
 * Issue 14, finding 7: a call killed mid-spawn leaves a STARTING record without PID, and the next call looks for
 * the spawn by its command line, {@code lighttpd -f STATE/generations/N.d/lighttpdctl-generation.conf}. Any user
 * can run a process named so. It must not be taken for the spawn (recorded, waited for 60 s, then signalled by
 * root): the spawn also runs the recorded binary, as root or server.username, and started after the record.
 */
class UnfinishedSpawnIdentityTest extends SiteTest {
    private static final Duration NO_STALL = Duration.ofSeconds(30);
    private Process impostor;

    @BeforeEach
    void aServerAndATraceOfAKilledSpawn() throws Exception {
        assertEquals("root", System.getProperty("user.name"));
        run("chmod", "0755", site.root().toString()); // the impostor must reach the wrapper's path
        assertEquals(0, ctl.run("start").exitCode());
    }

    @AfterEach
    void endImpostor() throws Exception {
        if (impostor != null) {
            impostor.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Another user's process, named like the spawn and even running the real lighttpd binary. */
    @Test
    void anotherUsersProcessNamedLikeTheSpawnIsNeitherRecordedNorSignalled() throws Exception {
        Path wrapper = plantUnfinishedSpawn(2);
        writeRecord(2, uptimeTicks());
        impostor = startImpostor(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "/usr/sbin/lighttpd", "-D", "-f", wrapper.toString()), wrapper);
        assertStopLeavesItAlone(impostor);
    }

    /** A root lighttpd on that wrapper that was running before the spawn was even intended is not that spawn. */
    @Test
    void aProcessOlderThanTheIntentIsNotTheSpawn() throws Exception {
        Path wrapper = plantUnfinishedSpawn(2);
        impostor = startImpostor(List.of("/usr/sbin/lighttpd", "-D", "-f", wrapper.toString()), wrapper);
        long started = Processes.startTime(impostor.pid()).orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (uptimeTicks() < started + 3 && System.nanoTime() < deadline) {
            Processes.sleep(Duration.ofMillis(10));
        }
        writeRecord(2, uptimeTicks());
        assertStopLeavesItAlone(impostor);
    }

    private void assertStopLeavesItAlone(Process process) throws Exception {
        long began = System.nanoTime();
        Ctl.Result stop = ctl.run("stop");
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        assertEquals(0, stop.exitCode(), stop.toString());
        assertTrue(took.compareTo(NO_STALL) < 0, "stop waited " + took.toMillis() + " ms for an impostor: " + stop);
        assertTrue(process.isAlive(), "root signalled a process that is not its spawn: " + stop);
        assertTrue(Processes.commandLine(process.pid()).contains("lighttpd"), "still the impostor");
    }

    /**
     * What a call killed right after recording its intent leaves: the generation's directory with its wrapper. This
     * wrapper takes 30 s to load (the impostor's lighttpd stays alive in it; an attacker would SIGSTOP its own).
     */
    private Path plantUnfinishedSpawn(long id) throws Exception {
        Path basedir = Files.createDirectories(generations().resolve(id + ".d"));
        return Files.writeString(basedir.resolve("lighttpdctl-generation.conf"), "include_shell \"sleep 30\"\n");
    }

    private void writeRecord(long id, long intentTicks) throws Exception {
        Files.writeString(generations().resolve(id + ".generation"), String.join("\n", "id=" + id, "pid=0",
                "start-ticks=" + intentTicks, "executable=" + Path.of("/usr/sbin/lighttpd").toRealPath(),
                "role=STARTING", "drain-deadline=0", "adopted=false", ""));
    }

    private Process startImpostor(List<String> command, Path wrapper) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(site.root().resolve("impostor.out").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(Processes.commandLine(process.pid()).contains(wrapper.toString())
                && Files.readSymbolicLink(Path.of("/proc/" + process.pid() + "/exe")).toString().contains("lighttpd"))
                && System.nanoTime() < deadline) {
            Processes.sleep(Duration.ofMillis(10));
        }
        assertTrue(process.isAlive(), "the impostor must be running: " + Files.readString(
                site.root().resolve("impostor.out")));
        return process;
    }

    private Path generations() throws Exception {
        try (var dirs = Files.list(ctl.stateDir())) {
            return dirs.filter(Files::isDirectory).findFirst().orElseThrow().resolve("generations");
        }
    }

    private static long uptimeTicks() throws Exception {
        String seconds = Files.readString(Path.of("/proc/uptime")).trim().split("\\s+")[0];
        return new java.math.BigDecimal(seconds).multiply(java.math.BigDecimal.valueOf(100)).longValue();
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), String.join(" ", command));
    }
}
