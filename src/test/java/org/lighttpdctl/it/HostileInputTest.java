package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.lighttpdctl.testing.Processes;

/** Issue 9: arguments, records and paths that lie or break are refused or set aside, never acted on. */
class HostileInputTest extends SiteTest {

    /** Finding 10: stop --timeout -1 was accepted and cut a download after 6 ms. */
    @Test
    void negativeOrAbsurdDurationsAreRefusedWithExitTwoAndNothingStops() {
        assertEquals(0, ctl.run("start").exitCode());
        long pid = ctl.pidfilePid();
        for (String[] call : new String[][] {{"stop", "--timeout", "-1"}, {"stop", "--timeout", "99999999"},
                {"stop", "--lock-timeout", "-5"}, {"graceful", "--drain-timeout", "-1"},
                {"restart", "--drain-timeout", "1000000"}, {"status", "--timeout", "-1"}}) {
            Ctl.Result result = ctl.run(call);
            assertEquals(2, result.exitCode(), String.join(" ", call) + ": " + result);
            assertTrue(result.err().contains("invalid value for " + call[1]), result.toString());
            assertTrue(Processes.isAlive(pid), String.join(" ", call) + " must not touch the server");
        }
        assertEquals(pid, ctl.pidfilePid());
    }

    /** Finding 9: an empty 9.generation made status, graceful and stop fail ("Cannot parse null string"). */
    @Test
    void anUnreadableRecordIsSetAsideWithAWarning() throws Exception {
        assertEquals(0, ctl.run("start").exitCode());
        Path empty = Files.writeString(generationsDir().resolve("9.generation"), "");
        Ctl.Result status = ctl.run("status");
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.err().contains("cannot read generation record " + empty), status.toString());
        Ctl.Result graceful = ctl.run("graceful");
        assertEquals(0, graceful.exitCode(), graceful.toString());
        assertTrue(graceful.err().contains("set aside as 9.generation.unreadable"), graceful.toString());
        assertTrue(Files.exists(generationsDir().resolve("9.generation.unreadable")));
        Ctl.Result stop = ctl.run("stop");
        assertEquals(0, stop.exitCode(), stop.toString());
        assertEquals(List.of(), ctl.lighttpdProcesses());
    }

    /** The serving generation's own record truncated: the server it named is still found and stopped. */
    @Test
    void theServingGenerationsTruncatedRecordDoesNotLoseTheServer() throws Exception {
        assertEquals(0, ctl.run("start").exitCode());
        long pid = ctl.pidfilePid();
        Files.writeString(generationsDir().resolve("1.generation"), "id=1\npid=");
        Ctl.Result graceful = ctl.run("graceful");
        assertEquals(0, graceful.exitCode(), graceful.toString());
        assertTrue(Processes.awaitDeath(pid, Duration.ofSeconds(20)), "the old generation drains: " + graceful);
        Files.writeString(generationsDir().resolve("2.generation"), "");
        Ctl.Result stop = ctl.run("stop");
        assertEquals(0, stop.exitCode(), stop.toString());
        assertEquals(List.of(), ctl.lighttpdProcesses(), stop.toString());
    }

    /** Finding 11: a probe socket left by a SIGKILL before the commit survived later stops. */
    @Test
    void whatKilledCallsLeftIsSweptUnderTheLock() throws Exception {
        assertEquals(0, ctl.run("start").exitCode());
        Process tool = ctl.start(java.util.Map.of(org.lighttpdctl.Console.PAUSE_VARIABLE,
                org.lighttpdctl.Checkpoint.NEW_GENERATION_RUNNING.name()), "graceful", "-v");
        StartStopStatusTest.awaitLine(tool, "paused at checkpoint NEW_GENERATION_RUNNING");
        tool.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        Path instanceDir = generationsDir().getParent();
        assertEquals(1, filesIn(instanceDir.resolve("probe")).size(), "the killed call left its probe socket");
        Files.writeString(generationsDir().resolve(".3.generation.0123abcd.tmp"), "half");
        Files.writeString(generationsDir().resolve("17.conf"), "# of a generation nobody recorded\n");
        Files.writeString(generationsDir().resolve("17.out"), "");
        Ctl.Result stop = ctl.run("stop");
        assertEquals(0, stop.exitCode(), stop.toString());
        assertEquals(List.of(), ctl.lighttpdProcesses(), stop.toString());
        assertEquals(List.of(), filesIn(instanceDir.resolve("probe")));
        List<String> left = filesIn(generationsDir()).stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("last-id"), left, "only the id high-water mark stays after a stop");
    }

    /** Finding 5: a 61-character config file name made graceful and restart fail ("Unix domain path too long"). */
    @Test
    void longConfigNamesAndStateDirectoriesStillGetAProbeSocket() throws Exception {
        Path config = site.root().resolve("a-configuration-file-name-of-sixty-one-characters-xxxxxx.conf");
        Files.copy(site.config(), config);
        String longState = site.root().resolve("state-" + "s".repeat(80)).toString();
        Ctl longName = ctl.withConfig(config);
        assertEquals(0, longName.run("start", "--state-dir", longState).exitCode());
        for (String action : new String[] {"graceful", "restart"}) {
            Ctl.Result result = longName.run(action, "--state-dir", longState);
            assertEquals(0, result.exitCode(), action + ": " + result);
            assertTrue(result.err().isEmpty(), action + " needs no fallback: " + result);
        }
        assertEquals(0, longName.run("stop", "--state-dir", longState).exitCode());
    }

    /** A probe socket that cannot be created: the handoff proves readiness through the shared listeners. */
    @Test
    void withoutAProbeSocketTheHandoffFallsBackWithAWarning() throws Exception {
        assertEquals(0, ctl.run("start").exitCode());
        long old = ctl.pidfilePid();
        Files.writeString(generationsDir().getParent().resolve("probe"), "not a directory\n");
        Ctl.Result graceful = ctl.run("graceful");
        assertEquals(0, graceful.exitCode(), graceful.toString());
        assertTrue(graceful.err().contains("proving the new generation through the shared listeners"),
                graceful.toString());
        assertTrue(graceful.out().contains("handoff"), graceful.toString());
        assertTrue(ctl.pidfilePid() != old && Processes.isAlive(ctl.pidfilePid()));
    }

    /** Finding 8: include is a glob: "site[1].conf" silently included "site1.conf" and served elsewhere. */
    @Test
    void aConfigPathWithPatternCharactersIsRefusedNeverServedDifferently() throws Exception {
        Path bracketed = site.root().resolve("site[1].conf");
        Files.copy(site.config(), bracketed);
        Files.writeString(site.root().resolve("site1.conf"), Files.readString(site.config())
                .replace("server.port          = " + site.port(), "server.port          = " + site.port2()));
        for (String name : new String[] {"site[1].conf", "site*.conf", "site?.conf", "site{1}.conf", "site\\1.conf"}) {
            Path config = site.root().resolve(name);
            if (!Files.exists(config)) {
                Files.copy(site.config(), config);
            }
            Ctl.Result start = ctl.withConfig(config).run("start");
            assertEquals(6, start.exitCode(), name + ": " + start);
            assertTrue(start.err().contains("cannot use configuration " + config + ": its path contains"),
                    start.toString());
            assertEquals(List.of(), ctl.lighttpdProcesses(), name);
        }
        assertTrue(!org.lighttpdctl.testing.Lighttpd.accepts(site.port2()), "site1.conf must never be served");
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private Path generationsDir() throws IOException {
        try (Stream<Path> dirs = Files.list(ctl.stateDir())) {
            return dirs.findFirst().orElseThrow().resolve("generations");
        }
    }
}
