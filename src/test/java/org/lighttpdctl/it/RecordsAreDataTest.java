package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.lighttpdctl.testing.Lighttpd;
import org.lighttpdctl.testing.Processes;
import org.lighttpdctl.testing.SampleSite;

/**
 * Issue 9: records are data, not orders, and only a lighttpd of this instance's users is adopted. A planted
 * record naming an unrelated root process, or a lighttpd another user runs on the instance's port, is never
 * signalled, adopted or handed on.
 */
class RecordsAreDataTest extends SiteTest {

    @Test
    void aPlantedRecordNamingAnUnrelatedRootLighttpdIsNeverSignalled() throws Exception {
        try (SampleSite other = SampleSite.create(); Lighttpd unrelated = Lighttpd.startDaemon(other)) {
            assertEquals(0, ctl.run("start").exitCode());
            long ticks = Processes.startTime(unrelated.pid()).orElseThrow();
            // "still draining past its deadline": the record claims KILL is due.
            Files.writeString(generationsDir().resolve("9.generation"), "id=9\npid=" + unrelated.pid()
                    + "\nstart-ticks=" + ticks + "\nexecutable=/usr/sbin/lighttpd\nrole=DRAINING\n"
                    + "drain-deadline=1\nadopted=false\n");
            Ctl.Result graceful = ctl.run("graceful");
            assertEquals(0, graceful.exitCode(), graceful.toString());
            Ctl.Result stop = ctl.run("stop");
            assertEquals(0, stop.exitCode(), stop.toString());
            assertTrue(unrelated.isAlive(), "a process a record names must never be signalled unverified: "
                    + graceful + stop);
            unrelated.stop();
        }
    }

    /** The review's attack: a record naming a root process that is not lighttpd, with its own executable. */
    @Test
    void aPlantedRecordNamingAnUnrelatedRootProcessIsNeverKilled() throws Exception {
        Process unrelated = new ProcessBuilder("sleep", "300").start();
        try {
            assertEquals(0, ctl.run("start").exitCode());
            long ticks = Processes.startTime(unrelated.pid()).orElseThrow();
            Files.writeString(generationsDir().resolve("9.generation"), "id=9\npid=" + unrelated.pid()
                    + "\nstart-ticks=" + ticks + "\nexecutable=" + Path.of("/usr/bin/sleep").toRealPath()
                    + "\nrole=DRAINING\ndrain-deadline=1\nadopted=false\n");
            Ctl.Result graceful = ctl.run("graceful");
            assertEquals(0, graceful.exitCode(), graceful.toString());
            Ctl.Result stop = ctl.run("stop");
            assertEquals(0, stop.exitCode(), stop.toString());
            assertTrue(unrelated.isAlive(), "a planted record must never get a process killed: " + graceful + stop);
        } finally {
            unrelated.destroyForcibly().waitFor();
        }
    }

    @Test
    void aPlantedAdoptedRecordNamingARootProcessOfAnotherConfigIsNeverSignalled() throws Exception {
        try (SampleSite other = SampleSite.create(); Lighttpd unrelated = Lighttpd.startDaemon(other)) {
            assertEquals(0, ctl.run("start").exitCode());
            long ticks = Processes.startTime(unrelated.pid()).orElseThrow();
            Files.writeString(generationsDir().resolve("9.generation"), "id=9\npid=" + unrelated.pid()
                    + "\nstart-ticks=" + ticks + "\nexecutable=/usr/sbin/lighttpd\nrole=DRAINING\n"
                    + "drain-deadline=1\nadopted=true\n");
            Ctl.Result stop = ctl.run("stop");
            assertEquals(0, stop.exitCode(), stop.toString());
            assertTrue(unrelated.isAlive(), stop.toString());
            unrelated.stop();
        }
    }

    /** Finding 4: a lighttpd run by uid nobody on the configured port was adopted, stopped and handed over. */
    @Test
    void aLighttpdAnotherUserRunsOnTheInstancesPortIsNotAdopted() throws Exception {
        Path foreign = Files.createTempDirectory("lighttpdctl-foreign-");
        try {
            Files.setPosixFilePermissions(foreign, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path config = Files.writeString(foreign.resolve("lighttpd.conf"), "server.bind = \"127.0.0.1\"\n"
                    + "server.port = " + site.port() + "\nserver.document-root = \"" + foreign + "\"\n");
            Process nobody = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "/usr/sbin/lighttpd", "-D", "-f", config.toString()).redirectErrorStream(true).start();
            try {
                awaitAccepting(nobody);
                Ctl.Result status = ctl.run("status");
                assertEquals(3, status.exitCode(), status.toString());
                Ctl.Result graceful = ctl.run("graceful");
                assertEquals(7, graceful.exitCode(), graceful.toString());
                Ctl.Result stop = ctl.run("stop");
                assertEquals(0, stop.exitCode(), stop.toString());
                assertTrue(nobody.isAlive(), "another user's lighttpd must never be signalled: " + stop);
                assertTrue(Lighttpd.accepts(site.port()));
            } finally {
                nobody.destroyForcibly().waitFor();
            }
        } finally {
            try (Stream<Path> files = Files.walk(foreign)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void awaitAccepting(Process server) throws IOException {
        long deadline = System.nanoTime() + Lighttpd.START_TIMEOUT.toNanos();
        while (!Lighttpd.accepts(site.port())) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("lighttpd as nobody did not serve: "
                        + new String(server.getInputStream().readAllBytes()));
            }
            Processes.sleep(Duration.ofMillis(10));
        }
    }

    private Path generationsDir() throws IOException {
        try (Stream<Path> dirs = Files.list(ctl.stateDir())) {
            return dirs.findFirst().orElseThrow().resolve("generations");
        }
    }

}
