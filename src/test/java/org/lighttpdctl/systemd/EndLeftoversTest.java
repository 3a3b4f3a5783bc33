package org.lighttpdctl.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * debian/scripts/end-leftovers (ExecStopPost= of lighttpd.service on systemd before 257) against real processes
 * whose /proc entries a prepared tree describes (LIGHTTPDCTL_PROC): the script reads its own cgroup from there, as
 * it reads /proc/self under systemd, and must end exactly the processes of that cgroup: not a user unit's
 * lighttpd.service of the same name (issue 14, item 10), not a generation the restart's stop half committed
 * (named by the marker), and whatever else is in the unit, www-data's php-cgi included.
 */
class EndLeftoversTest {
    private static final Path SCRIPT = Path.of(System.getProperty("user.dir"), "debian/scripts/end-leftovers");
    private static final String UNIT = "/system.slice/lighttpd.service";
    private static final String CONTAINER = "/libpod_parent/libpod-0123";
    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void endThem() {
        started.forEach(Process::destroyForcibly);
    }

    private Process sleeper() throws IOException {
        Process p = new ProcessBuilder("sleep", "60").start();
        started.add(p);
        return p;
    }

    /**
     * A /proc entry for a real PID: its cgroup lines (v1 name=systemd and v2, as on a hybrid host), its ppid in stat
     * and status as the kernel prints them.
     */
    private void describe(Path proc, long pid, long ppid, String cgroup) throws IOException {
        Path entry = placeIn(proc, pid, cgroup);
        Files.writeString(entry.resolve("stat"), pid + " (sleep (x)) S " + ppid + " 1 1 0 -1\n");
        Files.writeString(entry.resolve("status"), "Name:\tsleep\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t" + pid
                + "\nNgid:\t0\nPid:\t" + pid + "\nPPid:\t" + ppid + "\nTracerPid:\t0\n");
    }

    /** A /proc entry for a real PID in {@code cgroup} whose stat and status are the kernel's own. */
    private void describeAsTheKernelDoes(Path proc, long pid, String cgroup) throws IOException {
        Path entry = placeIn(proc, pid, cgroup);
        Files.createSymbolicLink(entry.resolve("stat"), Path.of("/proc", Long.toString(pid), "stat"));
        Files.createSymbolicLink(entry.resolve("status"), Path.of("/proc", Long.toString(pid), "status"));
    }

    private static Path placeIn(Path proc, long pid, String cgroup) throws IOException {
        Path entry = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(entry.resolve("cgroup"), "9:name=systemd:" + cgroup + "\n8:pids:/\n0::" + cgroup + "\n");
        return entry;
    }

    /**
     * A real process, as php-cgi's code (www-data) could start in the unit, that names itself (/proc/self/comm, as
     * prctl PR_SET_NAME does) ") S PID" and a newline, PID from {@code pidOf} (its own when given none): the kernel
     * prints the name in /proc/PID/stat unescaped, so the first line of its stat reads as if its parent were PID.
     * It then waits on its standard input, without an exec (which would rename it).
     */
    private Process forgingItsParent(String pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "printf ') S %s\\n' " + pid + " > /proc/self/comm && echo named"
                + " && read x").start();
        started.add(p);
        byte[] named = p.getInputStream().readNBytes(6);
        assertEquals("named\n", new String(named, StandardCharsets.US_ASCII), "the process could not name itself");
        String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
        assertTrue(stat.startsWith(p.pid() + " () S "), "the kernel's stat does not carry the forged line: " + stat);
        return p;
    }

    private String run(Path proc, Path marker, String ownCgroup) throws Exception {
        // exec keeps the PID: the script finds "its own" entry, written just before
        String wrapper = "mkdir -p \"$LIGHTTPDCTL_PROC/$$\" && printf '9:name=systemd:%s\\n0::%s\\n' '" + ownCgroup
                + "' '" + ownCgroup + "' > \"$LIGHTTPDCTL_PROC/$$/cgroup\" && exec sh " + SCRIPT;
        Path output = dir.resolve("output");
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", wrapper).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().put("LIGHTTPDCTL_PROC", proc.toString());
        pb.environment().put("LIGHTTPDCTL_HANDOVER_MARKER", marker.toString());
        Process p = pb.start();
        started.add(p);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "end-leftovers did not finish: " + Files.readString(output));
        return p.exitValue() + ":" + Files.readString(output);
    }

    @Test
    void endsTheUnitsOwnCgroupOnlyAndSparesTheCommittedGeneration() throws Exception {
        Path proc = Files.createDirectories(dir.resolve("proc"));
        Process leftover = sleeper();          // e.g. a lighttpd a failed stop left
        Process leftoverChild = sleeper();     // e.g. its php-cgi (www-data)
        Process userUnit = sleeper();          // a user's own lighttpd.service
        Process committed = sleeper();         // the generation the stop half committed
        Process committedChild = sleeper();    // its php-cgi
        describe(proc, leftover.pid(), 1, CONTAINER + UNIT);
        describe(proc, leftoverChild.pid(), leftover.pid(), CONTAINER + UNIT);
        describe(proc, userUnit.pid(), 1, CONTAINER + "/user.slice/user-1000.slice/user@1000.service/app.slice"
                + "/lighttpd.service");
        describe(proc, committed.pid(), 1, CONTAINER + UNIT);
        describe(proc, committedChild.pid(), committed.pid(), CONTAINER + UNIT);
        Path marker = dir.resolve("restart-handover");
        Files.writeString(marker, committed.pid() + "\n");

        String result = run(proc, marker, CONTAINER + UNIT);

        assertTrue(result.startsWith("0:"), result);
        assertTrue(leftover.waitFor(15, TimeUnit.SECONDS), "a process left in the unit survived: " + result);
        assertTrue(leftoverChild.waitFor(15, TimeUnit.SECONDS), "its child survived: " + result);
        assertTrue(userUnit.isAlive(), "a user unit's process of the same unit name was ended: " + result);
        assertTrue(committed.isAlive(), "the committed generation was ended: " + result);
        assertTrue(committedChild.isAlive(), "the committed generation's child was ended: " + result);
        assertFalse(Files.exists(marker), "the marker was not consumed");
    }

    /**
     * Found by an attacker's read: end-leftovers read the parent from the first line of /proc/PID/stat, where a
     * process of the unit could forge it and so pass for a descendant of the committed generation (spared, it
     * outlived every stop) or of itself (the walk up never ended, nor did ExecStopPost=).
     */
    @Test
    void aProcessThatForgesItsParentInItsNameIsEndedAndTheWalkEnds() throws Exception {
        Path proc = Files.createDirectories(dir.resolve("proc"));
        Process committed = sleeper();
        describe(proc, committed.pid(), 1, UNIT);
        Process posingAsChild = forgingItsParent(Long.toString(committed.pid()));
        Process posingAsItsOwn = forgingItsParent("$$");
        describeAsTheKernelDoes(proc, posingAsChild.pid(), UNIT);
        describeAsTheKernelDoes(proc, posingAsItsOwn.pid(), UNIT);
        Path marker = dir.resolve("restart-handover");
        Files.writeString(marker, committed.pid() + "\n");

        String result = run(proc, marker, UNIT);

        assertTrue(result.startsWith("0:"), result);
        assertTrue(posingAsChild.waitFor(15, TimeUnit.SECONDS), "a process posing as the committed generation's"
                + " child survived: " + result);
        assertTrue(posingAsItsOwn.waitFor(15, TimeUnit.SECONDS), "a process posing as its own parent survived: "
                + result);
        assertTrue(committed.isAlive(), "the committed generation was ended: " + result);
    }

    @Test
    void withoutAMarkerEveryProcessOfTheUnitEnds() throws Exception {
        Path proc = Files.createDirectories(dir.resolve("proc"));
        Process a = sleeper();
        Process b = sleeper();
        describe(proc, a.pid(), 1, UNIT);
        describe(proc, b.pid(), a.pid(), UNIT);
        String result = run(proc, dir.resolve("absent"), UNIT);
        assertTrue(result.startsWith("0:"), result);
        assertTrue(a.waitFor(15, TimeUnit.SECONDS) && b.waitFor(15, TimeUnit.SECONDS), result);
    }

    @Test
    void runOutsideTheUnitItRefusesAndEndsNothing() throws Exception {
        Path proc = Files.createDirectories(dir.resolve("proc"));
        Process a = sleeper();
        describe(proc, a.pid(), 1, "/user.slice/user-0.slice/session-1.scope");
        String result = run(proc, dir.resolve("absent"), "/user.slice/user-0.slice/session-1.scope");
        assertEquals('1', result.charAt(0), result);
        assertTrue(a.isAlive(), result);
    }
}
