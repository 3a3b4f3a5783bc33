package org.lighttpdctl.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What systemd, the pidfile, `lighttpdctl status` and the process table say about lighttpd.service, and the check
 * that they agree once the unit has settled (no job queued, not activating or deactivating).
 */
final class UnitTruth {
    /** A drain lasts lighttpd's graceful-shutdown-timeout (8 s by default) plus lighttpdctl's margin. */
    static final Duration SETTLE = Duration.ofSeconds(60);

    private UnitTruth() {
    }

    /** Waits, bounded, until lighttpd.service has no job and is neither activating, reloading nor deactivating. */
    static String awaitSettled(DebianContainer c) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            state = c.sh("systemctl is-active lighttpd.service").getStdout().trim();
            String jobs = c.sh("systemctl list-jobs --no-legend --plain lighttpd.service").getStdout().trim();
            if (jobs.isEmpty() && List.of("active", "inactive", "failed").contains(state)) {
                return state;
            }
            pause();
        }
        return fail("lighttpd.service did not settle within " + SETTLE.toSeconds() + " s: " + state + "\n"
                + c.sh("systemctl status --no-pager lighttpd.service").getStdout());
    }

    /** The unit is active and everyone agrees on one serving process, the only lighttpd left once drains end. */
    static long assertActive(DebianContainer c) {
        assertEquals("active", awaitSettled(c));
        long pid = ServerChecks.assertServerStateTrue(c);
        awaitOnlyLighttpd(c, List.of(pid));
        return pid;
    }

    /**
     * The unit is not running (inactive or failed), MainPID is 0, there is no pidfile, `lighttpdctl status` says
     * not running (3), and no lighttpd process is left anywhere, once drains have ended.
     */
    static void assertStopped(DebianContainer c) {
        String state = awaitSettled(c);
        assertTrue(state.equals("inactive") || state.equals("failed"), "lighttpd.service is " + state);
        assertEquals("0", c.check("systemctl show -p MainPID --value lighttpd.service").trim(), "MainPID");
        awaitOnlyLighttpd(c, List.of());
        assertEquals(1, c.sh("test -e /run/lighttpd.pid").getExitCode(), "pidfile left: "
                + c.sh("cat /run/lighttpd.pid").getStdout());
        assertEquals(3, c.sh("lighttpdctl status").getExitCode(), c.sh("lighttpdctl status").getStdout());
        assertEquals(7, c.sh("curl -s -o /dev/null --max-time 5 http://127.0.0.1/").getExitCode(), "port 80 still accepts");
    }

    /** Waits, bounded, until the lighttpd processes are exactly {@code expected}. */
    static void awaitOnlyLighttpd(DebianContainer c, List<Long> expected) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        List<Long> running = List.of();
        while (System.nanoTime() < deadline) {
            running = lighttpdPids(c);
            if (running.equals(expected)) {
                return;
            }
            pause();
        }
        fail("lighttpd processes " + running + ", expected " + expected + "\n"
                + c.sh("ps -eo pid,ppid,cgroup:80,args").getStdout());
    }

    static List<Long> lighttpdPids(DebianContainer c) {
        String out = c.sh("pgrep -x lighttpd || true").getStdout().trim();
        return out.isEmpty() ? List.of() : Arrays.stream(out.split("\\s+")).map(Long::parseLong).sorted().toList();
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }
}
