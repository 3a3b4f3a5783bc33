package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.lighttpdctl.testing.Processes;

/**
 * Issue 9, findings 3 and 6: lighttpdctl without some of root's powers. Under the capability bounding set trixie's
 * lighttpd.service recommends (CAP_NET_BIND_SERVICE CAP_SETGID CAP_SETUID CAP_SYS_CHROOT), in a user namespace,
 * and as a user who cannot examine root's processes, every action either works or says why, with its exit code.
 */
class PrivilegesTest extends SiteTest {
    /** The recommended (commented) CapabilityBoundingSet= of lighttpd 1.4.79's unit in Debian 13. */
    static final String TRIXIE_BOUNDING_SET = "-all,+net_bind_service,+setgid,+setuid,+sys_chroot";

    /** Finding 3: "cannot restore CPU priority 0 before starting lighttpd: Permission denied", nothing ran. */
    @Test
    void everyActionWorksUnderTrixiesRecommendedBoundingSet() {
        List<String> prefix = List.of("setpriv", "--bounding-set", TRIXIE_BOUNDING_SET, "nice", "-n", "10");
        Ctl.Result start = run(prefix, "start");
        assertEquals(0, start.exitCode(), start.toString());
        assertTrue(start.err().contains("cannot restore CPU priority 0 before starting lighttpd"), start.toString());
        long first = ctl.pidfilePid();
        Ctl.Result graceful = run(prefix, "graceful");
        assertEquals(0, graceful.exitCode(), graceful.toString());
        assertTrue(ctl.pidfilePid() != first && Processes.isAlive(ctl.pidfilePid()), graceful.toString());
        assertEquals(0, run(prefix, "status").exitCode());
        Ctl.Result stop = run(prefix, "stop");
        assertEquals(0, stop.exitCode(), stop.toString());
        assertEquals(List.of(), ctl.lighttpdProcesses());
    }

    /**
     * A server started with all of root's capabilities cannot be examined by a caller with fewer: the kernel's
     * ptrace check (for /proc/PID/exe as for pidfd_getfd) wants the caller's permitted set to cover the target's.
     * Then graceful and stop say why, exit 4, and touch nothing.
     */
    @Test
    void aServerWithMoreCapabilitiesThanTheCallerIsUnknownAndUntouched() {
        assertEquals(0, ctl.run("start").exitCode());
        long old = ctl.pidfilePid();
        for (String action : new String[] {"graceful", "stop"}) {
            Ctl.Result result = run(List.of("setpriv", "--bounding-set", TRIXIE_BOUNDING_SET), action);
            assertEquals(4, result.exitCode(), action + ": " + result);
            assertTrue(result.err().contains("cannot tell whether generation 1 (PID " + old + ")")
                    && result.err().contains("Permission denied"), result.toString());
            assertEquals(old, ctl.pidfilePid());
            assertTrue(Processes.isAlive(old));
        }
    }

    /**
     * In a user namespace (as in an unprivileged container, one namespace held open by a process in it): no
     * CAP_SYS_NICE, and no ptrace rights over a server started outside it (pidfd_getfd, /proc/PID/exe).
     */
    @Test
    void inAUserNamespaceItWorksOrSaysWhy() throws Exception {
        Process holder = new ProcessBuilder("unshare", "--user", "--map-root-user", "sleep", "300").start();
        try {
            Path own = Files.readSymbolicLink(Path.of("/proc/self/ns/user"));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Files.readSymbolicLink(Path.of("/proc/" + holder.pid() + "/ns/user")).equals(own)
                    || Processes.commandLine(holder.pid()).startsWith("unshare")) {
                assertTrue(holder.isAlive() && System.nanoTime() < deadline, "unshare --user did not start");
                Processes.sleep(java.time.Duration.ofMillis(10));
            }
            inUserNamespace(List.of("nsenter", "--user", "--target", Long.toString(holder.pid()), "nice", "-n", "10"));
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    private void inUserNamespace(List<String> userns) {
        Ctl.Result start = run(userns, "start");
        assertEquals(0, start.exitCode(), start.toString());
        assertTrue(start.err().contains("cannot restore CPU priority 0"), start.toString());
        Ctl.Result graceful = run(userns, "graceful");
        assertEquals(0, graceful.exitCode(), graceful.toString());
        assertEquals(0, run(userns, "stop").exitCode());
        assertEquals(List.of(), ctl.lighttpdProcesses());

        assertEquals(0, ctl.run("start").exitCode());
        long outside = ctl.pidfilePid();
        for (String action : new String[] {"status", "graceful", "stop"}) {
            Ctl.Result result = run(userns, action);
            assertEquals(4, result.exitCode(), action + ": " + result);
            assertTrue(result.err().contains("cannot tell whether") && result.err().contains("Permission denied"),
                    action + ": " + result);
            assertTrue(Processes.isAlive(outside), action + " must leave the server outside alone");
        }
        assertEquals(outside, ctl.pidfilePid());
    }

    /**
     * Issue 14: status as a user who cannot read a root process's /proc/PID/exe (monitoring) answers as Debian's
     * status_of_proc does, from the pidfile, /proc/PID/stat and the command line: 0 running (after a graceful too),
     * 1 when the pidfile names another program, 3 stopped. (Issue 9, finding 6, had "not running"; then it was 4.)
     */
    @Test
    void statusAsAnotherUserAnswersLikeStatusOfProc() throws Exception {
        assertEquals(0, ctl.run("start").exitCode());
        Files.setPosixFilePermissions(site.root(), PosixFilePermissions.fromString("rwxr-xr-x"));
        // nobody, able to read every file (the tool's jars are under /root), but with no ptrace rights.
        List<String> nobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search");
        Ctl.Result status = run(nobody, "status");
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.out().contains("lighttpd is running (PID " + ctl.pidfilePid()), status.toString());
        assertEquals(0, ctl.run("graceful").exitCode());
        Ctl.Result afterGraceful = run(nobody, "status");
        assertEquals(0, afterGraceful.exitCode(), afterGraceful.toString());
        assertTrue(afterGraceful.out().contains("(PID " + ctl.pidfilePid()), afterGraceful.toString());

        long serving = ctl.pidfilePid();
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(site.pidFile(), other.pid() + "\n");
            Ctl.Result foreign = run(nobody, "status");
            assertEquals(1, foreign.exitCode(), "a PID that is another program: " + foreign);
        } finally {
            other.destroyForcibly().waitFor();
            Files.writeString(site.pidFile(), serving + "\n");
        }
        assertEquals(0, ctl.run("stop").exitCode());
        Ctl.Result stopped = run(nobody, "status");
        assertEquals(3, stopped.exitCode(), stopped.toString());
    }

    /** Without the configuration (broken after the start) another user cannot know the pidfile: 4, not "stopped". */
    @Test
    void statusAsAnotherUserWithABrokenConfigurationIsUnknown() throws Exception {
        assertEquals(0, ctl.run("start").exitCode());
        Files.setPosixFilePermissions(site.root(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(site.config(), "this is not lighttpd syntax\n", java.nio.file.StandardOpenOption.APPEND);
        List<String> nobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search");
        Ctl.Result status = run(nobody, "status");
        assertEquals(4, status.exitCode(), status.toString());
        assertTrue(status.err().contains("give --pidfile, or run as root"), status.toString());
        Ctl.Result named = run(nobody, "status", "--pidfile", site.pidFile().toString());
        assertEquals(0, named.exitCode(), named.toString());
    }

    private Ctl.Result run(List<String> prefix, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(ctl.command(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("LIGHTTPDCTL_NICE", "0"); // as bin/lighttpdctl passes it
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish");
            }
            return new Ctl.Result(process.exitValue(), new String(out), new String(err));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
