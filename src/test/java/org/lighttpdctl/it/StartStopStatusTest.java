package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.lighttpdctl.Checkpoint;
import org.lighttpdctl.Console;
import org.lighttpdctl.testing.Lighttpd;
import org.lighttpdctl.testing.Processes;
import org.lighttpdctl.testing.SampleSite;

/** start, stop, status, reopen-logs and restart --hard on a real lighttpd. */
class StartStopStatusTest extends SiteTest {

    @Test
    void startWritesThePidfileOfTheServingProcessAndStopRemovesEverything() {
        Ctl.Result start = ctl.run("start");
        assertEquals(0, start.exitCode(), start.toString());
        long pid = ctl.pidfilePid();
        assertTrue(Processes.isAlive(pid), "pidfile must name a live process: " + pid);
        assertEquals(List.of(pid), ctl.lighttpdProcesses());
        assertTrue(Lighttpd.accepts(site.port()));

        Ctl.Result status = ctl.run("status");
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.out().contains("running (PID " + pid), status.toString());

        Ctl.Result again = ctl.run("start");
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.out().contains("already running (PID " + pid + ")"), again.toString());
        assertEquals(List.of(pid), ctl.lighttpdProcesses(), "a second start must not start a second server");

        Ctl.Result stop = ctl.run("stop");
        assertEquals(0, stop.exitCode(), stop.toString());
        assertFalse(Processes.isAlive(pid));
        assertFalse(Files.exists(site.pidFile()), "pidfile must be removed");
        assertFalse(Lighttpd.accepts(site.port()));
        assertEquals(3, ctl.run("status").exitCode());
        assertEquals(0, ctl.run("stop").exitCode(), "stopping a stopped server succeeds");
    }

    /**
     * Relative -f and --state-dir name the same instance and the same generations as absolute ones: before, a
     * relative --state-dir made status call the serving lighttpd "not a lighttpd of this instance" (exit 1).
     */
    @Test
    void relativePathsNameTheSameInstanceAsAbsoluteOnes() {
        Path cwd = site.root().getParent();
        assertEquals(0, ctl.run("start").exitCode());
        long pid = ctl.pidfilePid();
        Ctl.Result status = ctl.runRelative(cwd, "status");
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.out().contains("running (PID " + pid), status.toString());

        Ctl.Result graceful = ctl.runRelative(cwd, "graceful");
        assertEquals(0, graceful.exitCode(), graceful.toString());
        long next = ctl.pidfilePid();
        assertNotEquals(pid, next, graceful.toString());
        Ctl.Result absolute = ctl.run("status");
        assertEquals(0, absolute.exitCode(), absolute.toString());
        assertTrue(absolute.out().contains("running (PID " + next), absolute.toString());
        assertEquals(0, ctl.runRelative(cwd, "stop").exitCode());
        assertFalse(Processes.isAlive(next));
    }

    /**
     * A configuration broken (or deleted) after the start stops no server: status reports what runs, the serving
     * generation, from what its commit recorded (it does not read the configuration: an edit not yet reloaded
     * changes nothing that runs, and a broken one is configtest's to report); a restart on it fails; stop still
     * stops it. Once nothing serves, status reads the configuration and names it broken.
     */
    @Test
    void statusOnABrokenOrMissingConfigurationStillReportsTheRunningServer() throws Exception {
        assertEquals(0, ctl.run("start").exitCode());
        long pid = ctl.pidfilePid();
        String good = Files.readString(site.config());
        try {
            Files.writeString(site.config(), good + "\nthis is { not lighttpd syntax\n");
            Ctl.Result broken = ctl.run("status");
            assertEquals(0, broken.exitCode(), broken.toString());
            assertTrue(broken.out().contains("running (PID " + pid + ", up ") && broken.out().contains(
                    "listening on 127.0.0.1:" + site.port()), broken.toString());
            assertEquals(6, ctl.run("graceful").exitCode(), "a restart on the broken configuration must fail");

            Files.delete(site.config());
            Ctl.Result missing = ctl.run("status");
            assertEquals(0, missing.exitCode(), missing.toString());
            assertTrue(missing.out().contains("running (PID " + pid), missing.toString());
        } finally {
            Files.writeString(site.config(), good);
        }
        assertEquals(0, ctl.run("stop").exitCode());
        assertFalse(Processes.isAlive(pid));
        Files.writeString(site.config(), good + "\nthis is { not lighttpd syntax\n");
        Ctl.Result stopped = ctl.run("status");
        assertEquals(3, stopped.exitCode(), "nothing runs: " + stopped);
        assertTrue(stopped.err().contains("warning: configuration " + site.config() + " fails lighttpd -p"),
                stopped.toString());
        Files.writeString(site.config(), good);
    }

    /**
     * stop on a configuration broken after the start (an edit not yet reloaded) still stops the server, from the
     * pidfile and listeners its commit recorded, with warnings naming both; start-stop-daemon needs no
     * configuration either. Without that record nothing is signalled and stop fails naming the configuration.
     */
    @Test
    void stopOnABrokenConfigurationStopsTheServerItsCommitRecorded() throws Exception {
        String good = Files.readString(site.config());
        assertEquals(0, ctl.run("start").exitCode());
        long pid = ctl.pidfilePid();
        Files.delete(servingConfig());
        Files.writeString(site.config(), good + "\nthis is { not lighttpd syntax\n");
        Ctl.Result refused = ctl.run("stop");
        assertEquals(6, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains(site.config().toString()), refused.toString());
        assertTrue(Processes.isAlive(pid), "stop signalled without knowing the server's pidfile and listeners");

        Files.writeString(site.config(), good);
        assertEquals(0, ctl.run("graceful").exitCode()); // records the configuration again
        long serving = ctl.pidfilePid();
        Files.writeString(site.config(), good + "\nthis is { not lighttpd syntax\n");
        Ctl.Result stop = ctl.run("stop");
        assertEquals(0, stop.exitCode(), stop.toString());
        assertTrue(stop.err().contains(site.config() + " fails lighttpd") && stop.err().contains("serving-config"),
                stop.toString());
        assertTrue(Processes.awaitDeath(serving, Duration.ofSeconds(10)), "the serving generation still runs");
        assertFalse(Files.exists(site.pidFile()), "pidfile must be removed");
        assertEquals(List.of(), ctl.lighttpdProcesses());
        Files.writeString(site.config(), good);
    }

    /**
     * While a generation lighttpdctl started serves, status answers from the configuration its commit recorded,
     * without running lighttpd -p (most of a status call's cost); each commit records it again. A record that
     * is missing, unreadable or of another generation is never trusted: status reads the configuration then.
     */
    @Test
    void statusWhileServingDoesNotRunLighttpdButFallsBackOnAnyDoubt() throws Exception {
        assertEquals(0, ctl.run("start").exitCode());
        Path recorded = servingConfig();
        Ctl.Result quick = ctl.run("status", "-v");
        assertEquals(0, quick.exitCode(), quick.toString());
        assertTrue(quick.out().contains("running (PID " + ctl.pidfilePid() + ", up ")
                && quick.out().contains("listening on 127.0.0.1:" + site.port()), quick.toString());
        assertFalse(quick.err().contains("ran lighttpd -p"), "status ran lighttpd -p: " + quick);

        String text = Files.readString(recorded);
        for (String doubt : new String[] {"", "# not a record\n", text.replaceFirst("generation=\\d+", "generation=0")}) {
            Files.writeString(recorded, doubt);
            Ctl.Result full = ctl.run("status", "-v");
            assertEquals(0, full.exitCode(), full.toString());
            assertTrue(full.err().contains("ran lighttpd -p"), "status trusted a doubtful record: " + full);
            assertTrue(full.out().contains("running (PID " + ctl.pidfilePid() + ", up "), full.toString());
        }
        Files.delete(recorded);
        assertTrue(ctl.run("status", "-v").err().contains("ran lighttpd -p"));

        assertEquals(0, ctl.run("graceful").exitCode());
        assertTrue(Files.readString(servingConfig()).contains("generation=" + newestGeneration()));
        Ctl.Result afterGraceful = ctl.run("status", "-v");
        assertTrue(afterGraceful.out().contains("running (PID " + ctl.pidfilePid() + ", up "), afterGraceful.toString());
        assertFalse(afterGraceful.err().contains("ran lighttpd -p"), afterGraceful.toString());
        assertEquals(0, ctl.run("stop").exitCode());
        assertEquals(3, ctl.run("status").exitCode());
    }

    /**
     * start while a generation lighttpdctl committed serves (ExecStart= of a restart on systemd before 257, after the
     * stop half's handoff) answers from the configuration that commit recorded: no lighttpd -p or -tt, each of
     * which re-runs the configuration's include_shell scripts. It writes the pidfile for the serving generation, as
     * that ExecStart= needs. A record that is missing or of another generation sends it the full way.
     */
    @Test
    void startWhileServingDoesNotRunLighttpdButFallsBackOnAnyDoubt() throws Exception {
        assertEquals(0, ctl.run("start").exitCode());
        long pid = ctl.pidfilePid();
        Files.delete(site.pidFile());
        Ctl.Result quick = ctl.run("start", "-v");
        assertEquals(0, quick.exitCode(), quick.toString());
        assertTrue(quick.out().contains("already running (PID " + pid + ")"), quick.toString());
        assertFalse(quick.err().contains("ran lighttpd"), "start ran lighttpd: " + quick);
        assertEquals(pid, ctl.pidfilePid(), "start must write the pidfile of the serving generation");

        Path recorded = servingConfig();
        String text = Files.readString(recorded);
        for (String doubt : new String[] {"", text.replaceFirst("generation=\\d+", "generation=0")}) {
            Files.writeString(recorded, doubt);
            Ctl.Result full = ctl.run("start", "-v");
            assertEquals(0, full.exitCode(), full.toString());
            assertTrue(full.err().contains("ran lighttpd -tt"), "start trusted a doubtful record: " + full);
            assertTrue(full.out().contains("already running (PID " + pid + ")"), full.toString());
        }
        Files.delete(recorded);
        assertTrue(ctl.run("start", "-v").err().contains("ran lighttpd -tt"));
        assertEquals(List.of(pid), ctl.lighttpdProcesses(), "a start must not start a second server");
        assertEquals(0, ctl.run("stop").exitCode());
    }

    private Path servingConfig() throws Exception {
        try (var dirs = Files.list(ctl.stateDir())) {
            return dirs.filter(Files::isDirectory).findFirst().orElseThrow().resolve("serving-config");
        }
    }

    private long newestGeneration() throws Exception {
        try (var records = Files.list(servingConfig().getParent().resolve("generations"))) {
            return records.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+\\.generation"))
                    .mapToLong(n -> Long.parseLong(n.substring(0, n.indexOf('.')))).max().orElseThrow();
        }
    }

    @Test
    void statusJsonDescribesTheServingGeneration() {
        assertEquals(0, ctl.run("start").exitCode());
        long pid = ctl.pidfilePid();
        Ctl.Result json = ctl.run("status", "--json");
        assertEquals(0, json.exitCode(), json.toString());
        String out = json.out();
        for (String expected : new String[] {"\"status\":\"running\"", "\"pid\":" + pid,
                "\"executable\":\"/usr/sbin/lighttpd\"", "\"config\":\"" + site.config() + "\"",
                "\"listeners\":[\"127.0.0.1:" + site.port() + "\"]", "\"role\":\"serving\"", "\"startTime\":\"",
                "\"uptimeSeconds\":"}) {
            assertTrue(out.contains(expected), expected + " missing from " + out);
        }
    }

    @Test
    void aStalePidfileNamingAnotherProgramGivesStatusOneAndIsNeverSignalled() throws Exception {
        Process stranger = new ProcessBuilder("sleep", "300").start();
        try {
            Files.writeString(site.pidFile(), stranger.pid() + "\n");
            Ctl.Result status = ctl.run("status");
            assertEquals(1, status.exitCode(), status.toString());
            assertTrue(status.out().contains("names PID " + stranger.pid()), status.toString());

            Ctl.Result stop = ctl.run("stop");
            assertEquals(0, stop.exitCode(), stop.toString());
            assertTrue(stranger.isAlive(), "a PID that is not a lighttpd generation must never be signalled");

            Ctl.Result start = ctl.run("start");
            assertEquals(0, start.exitCode(), start.toString());
            assertNotEquals(stranger.pid(), ctl.pidfilePid());
            assertTrue(stranger.isAlive());
        } finally {
            stranger.destroy();
            stranger.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void anEmptyPidfileMeansNotRunning() throws Exception {
        Files.writeString(site.pidFile(), "");
        Ctl.Result status = ctl.run("status");
        assertEquals(3, status.exitCode(), status.toString());
    }

    @Test
    void malformedPidfilesAreNamedWithWhatIsWrong() throws Exception {
        Map<String, String> cases = Map.of(
                "abc\n", "does not hold a PID",
                "-5\n", "negative PID",
                "99999999999\n", "beyond the kernel's pid_max",
                "123abc\n", "junk after the PID",
                "1\n", "names PID 1");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Files.writeString(site.pidFile(), c.getKey());
            Ctl.Result status = ctl.run("status");
            assertEquals(4, status.exitCode(), c.getKey() + ": " + status);
            assertTrue(status.err().contains("pidfile " + site.pidFile()) && status.err().contains(c.getValue()),
                    c.getKey() + ": " + status);
        }
    }

    @Test
    void unsafePidfilesAreRefusedAsStartStopDaemonDoes() throws Exception {
        Path target = site.root().resolve("elsewhere");
        Files.writeString(target, "4242\n");
        Files.createSymbolicLink(site.pidFile(), target);
        Ctl.Result symlink = ctl.run("status");
        assertEquals(4, symlink.exitCode(), symlink.toString());
        assertTrue(symlink.err().contains("symbolic link"), symlink.toString());
        Ctl.Result start = ctl.run("start");
        assertEquals(1, start.exitCode(), start.toString());
        assertEquals("4242\n", Files.readString(target), "the link's target must never be written");
        assertTrue(start.err().contains("cannot use pidfile " + site.pidFile() + ": is a symbolic link"),
                start.toString());
        assertTrue(ctl.lighttpdProcesses().isEmpty(), "nothing may be started that no pidfile could name");

        Files.delete(site.pidFile());
        Files.writeString(site.pidFile(), "4242\n");
        Files.setPosixFilePermissions(site.pidFile(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        Ctl.Result worldWritable = ctl.run("status");
        assertEquals(4, worldWritable.exitCode(), worldWritable.toString());
        assertTrue(worldWritable.err().contains("writable by every user"), worldWritable.toString());

        Files.setPosixFilePermissions(site.pidFile(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.setAttribute(site.pidFile(), "unix:uid", 65534);
        Ctl.Result notRoot = ctl.run("status");
        assertEquals(4, notRoot.exitCode(), notRoot.toString());
        assertTrue(notRoot.err().contains("not root"), notRoot.toString());
    }

    @Test
    void aLighttpdStartedByHandIsRecognisedAndStoppedButNeverDuplicated() {
        try (Lighttpd byHand = Lighttpd.startDaemon(site)) {
            Ctl.Result status = ctl.run("status");
            assertEquals(0, status.exitCode(), status.toString());
            assertTrue(status.out().contains("PID " + byHand.pid()) && status.out().contains("not started by lighttpdctl"),
                    status.toString());

            Ctl.Result start = ctl.run("start");
            assertEquals(0, start.exitCode(), start.toString());
            assertEquals(List.of(byHand.pid()), ctl.lighttpdProcesses());

            Ctl.Result stop = ctl.run("stop");
            assertEquals(0, stop.exitCode(), stop.toString());
            assertTrue(byHand.awaitExit(Duration.ofSeconds(5)), "stop must stop the adopted server");
        }
    }

    @Test
    void tenConcurrentStartsLeaveExactlyOneLighttpd() throws Exception {
        List<Process> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(ctl.start(Map.of(), "start"));
        }
        for (Process call : calls) {
            assertTrue(call.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, call.exitValue(), new String(call.getErrorStream().readAllBytes()));
        }
        List<Long> servers = ctl.lighttpdProcesses();
        assertEquals(1, servers.size(), "exactly one lighttpd expected: " + servers);
        assertEquals(servers.get(0), ctl.pidfilePid());
    }

    @Test
    void aCallerWaitingForTheLockGivesUpNamingTheHolder() throws Exception {
        assertEquals(0, ctl.run("start").exitCode());
        Process holder = ctl.start(Map.of(Console.PAUSE_VARIABLE, Checkpoint.LOCKED.name()), "reopen-logs", "-v");
        try {
            awaitLine(holder, "paused at checkpoint LOCKED");
            Ctl.Result waiter = ctl.run("stop", "--lock-timeout", "1");
            assertEquals(1, waiter.exitCode(), waiter.toString());
            assertTrue(waiter.err().contains("held by PID " + holder.pid() + " (reopen-logs)"), waiter.toString());
            assertTrue(Processes.isAlive(ctl.pidfilePid()), "nothing may have been stopped");
        } finally {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertEquals(0, ctl.run("stop", "--lock-timeout", "5").exitCode(), "a dead holder's lock is released");
    }

    @Test
    void twoInstancesAreIndependent() throws Exception {
        try (SampleSite other = SampleSite.create()) {
            Ctl otherCtl = new Ctl(other);
            try {
                assertEquals(0, ctl.run("start").exitCode());
                assertEquals(0, otherCtl.run("start").exitCode());
                long first = ctl.pidfilePid();
                long second = otherCtl.pidfilePid();
                assertNotEquals(first, second);
                assertEquals(0, ctl.run("stop").exitCode());
                assertFalse(Processes.isAlive(first));
                assertTrue(Processes.isAlive(second), "stopping one instance must not touch the other");
                assertEquals(0, otherCtl.run("status").exitCode());
            } finally {
                otherCtl.run("stop");
                Processes.terminateAllMentioning(other.root(), Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void reopenLogsMakesLighttpdOpenTheErrorLogAgain() throws Exception {
        assertEquals(0, ctl.run("start").exitCode());
        Path rotated = site.root().resolve("logs/error.log.1");
        Files.move(site.errorLog(), rotated);
        Ctl.Result reopen = ctl.run("reopen-logs");
        assertEquals(0, reopen.exitCode(), reopen.toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!Files.exists(site.errorLog()) && System.nanoTime() < deadline) {
            Processes.sleep(Duration.ofMillis(20));
        }
        assertTrue(Files.exists(site.errorLog()), "lighttpd must have reopened " + site.errorLog());
    }

    @Test
    void stopEscalatesToSigkillForAServerThatCannotDrain() {
        assertEquals(0, ctl.run("start").exitCode());
        long pid = ctl.pidfilePid();
        Processes.signal(pid, "STOP"); // a stopped process acts on no signal but SIGKILL
        Ctl.Result stop = ctl.run("stop", "--timeout", "1");
        assertEquals(0, stop.exitCode(), stop.toString());
        assertFalse(Processes.isAlive(pid));
        assertTrue(stop.err().contains("SIGKILL"), stop.toString());
    }

    @Test
    void aGenerationRunsAtThePriorityTheLauncherStartedWithNotTheToolsLoweredOne() throws Exception {
        // bin/lighttpdctl runs the JVM under nice +10 and passes the original niceness in LIGHTTPDCTL_NICE.
        List<String> niced = new ArrayList<>(List.of("nice", "-n", "10"));
        niced.addAll(ctl.command("start"));
        ProcessBuilder builder = new ProcessBuilder(niced);
        builder.environment().put("LIGHTTPDCTL_NICE", "0");
        Process start = builder.start();
        assertTrue(start.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, start.exitValue(), new String(start.getErrorStream().readAllBytes()));
        assertEquals(0, niceness(ctl.pidfilePid()));
        assertEquals(0, ctl.run("stop").exitCode());

        Process plain = new ProcessBuilder(niced).start(); // without LIGHTTPDCTL_NICE: lighttpd inherits +10
        assertTrue(plain.waitFor(120, TimeUnit.SECONDS));
        // +10 on top of this test's own niceness (a test run under nice(1) starts above 0), at most 19
        int inherited = Math.min(19, niceness(ProcessHandle.current().pid()) + 10);
        assertEquals(inherited, niceness(ctl.pidfilePid()), "the check above must be able to fail");
    }

    private static int niceness(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }

    @Test
    void hardRestartStopsThenStarts() {
        assertEquals(0, ctl.run("start").exitCode());
        long before = ctl.pidfilePid();
        Ctl.Result restart = ctl.run("restart", "--hard");
        assertEquals(0, restart.exitCode(), restart.toString());
        long after = ctl.pidfilePid();
        assertNotEquals(before, after);
        assertFalse(Processes.isAlive(before));
        assertEquals(List.of(after), ctl.lighttpdProcesses());
    }

    static void awaitLine(Process process, String text) throws Exception {
        java.io.BufferedReader err = new java.io.BufferedReader(
                new java.io.InputStreamReader(process.getErrorStream()));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String line;
        while (System.nanoTime() < deadline && (line = err.readLine()) != null) {
            if (line.contains(text)) {
                return;
            }
        }
        throw new AssertionError("never printed: " + text);
    }
}
