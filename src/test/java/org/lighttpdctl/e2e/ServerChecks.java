package org.lighttpdctl.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.containers.Container.ExecResult;

/** Assertions about what the clients saw and about the state a restart path left behind. */
final class ServerChecks {
    private static final Pattern STATUS_PID = Pattern.compile("\"pid\":(\\d+)");

    private ServerChecks() {
    }

    /**
     * The action succeeded, the load really ran (requests were served before and after it, slow downloads
     * completed) and no client saw a refusal, reset, truncation, time-out, HTTP error or failed download.
     */
    static void assertNoClientLost(String what, LoadRun run) {
        String message = what + ": " + run.summary() + "\n" + run.output();
        System.out.println("[e2e] " + what + ": " + run.summary());
        assertEquals(0, run.get("actionExit"), "the action failed: " + message);
        assertTrue(run.get("ok") >= 500, "too little load to show anything: " + message);
        assertTrue(run.get("downloadsOk") >= 2, "no slow download completed: " + message);
        assertEquals(0, run.failures(), "clients lost: " + message);
    }

    /**
     * The pidfile names a live lighttpd running /usr/sbin/lighttpd as it is on disk now, `lighttpdctl status` says
     * it runs with that PID, it answers HTTP; with systemd, lighttpd.service is active, its MainPID is that PID and the
     * process is in the unit's cgroup.
     *
     * @return the serving PID
     */
    /**
     * Runs {@code action} twice under load (the first time on the server lighttpd's own unit or script started,
     * the second on a generation lighttpdctl started): no client lost, the state true, a new process serving.
     */
    static void assertTwiceWithoutLoss(DebianContainer c, String action, String setting, java.time.Duration window) {
        for (int round = 1; round <= 2; round++) {
            long before = Long.parseLong(c.check("cat /run/lighttpd.pid").trim());
            assertNoClientLost(action + " (#" + round + setting + ")", c.load(window, action));
            long after = assertServerStateTrue(c);
            org.junit.jupiter.api.Assertions.assertNotEquals(before, after, action + " left the same process serving");
        }
    }

    static long assertServerStateTrue(DebianContainer c) {
        String pidText = c.check("cat /run/lighttpd.pid").trim();
        long pid = Long.parseLong(pidText);
        ExecResult status = c.sh("lighttpdctl status --json");
        assertEquals(0, status.getExitCode(), "lighttpdctl status: " + status.getStdout() + status.getStderr());
        Matcher m = STATUS_PID.matcher(status.getStdout());
        if (!m.find()) {
            fail("no pid in lighttpdctl status --json: " + status.getStdout());
        }
        assertEquals(pid, Long.parseLong(m.group(1)), "lighttpdctl status and /run/lighttpd.pid disagree");
        String exe = c.check("readlink /proc/" + pid + "/exe").trim();
        assertEquals("/usr/sbin/lighttpd", exe, "the serving process runs " + exe);
        c.check("curl -sS -o /dev/null --max-time 10 http://127.0.0.1/");
        if (c.hasSystemd()) {
            assertEquals("active", c.sh("systemctl is-active lighttpd.service").getStdout().trim());
            long mainPid = Long.parseLong(c.check("systemctl show -p MainPID --value lighttpd.service").trim());
            assertEquals(pid, mainPid, "systemd's MainPID is not the pidfile's PID");
            String cgroup = c.check("cat /proc/" + pid + "/cgroup");
            assertTrue(cgroup.contains("/system.slice/lighttpd.service"), "PID " + pid + " is outside lighttpd.service: " + cgroup);
        }
        return pid;
    }

    /** @return the md5sum lighttpd's package records for its conffile /etc/init.d/lighttpd */
    static String lighttpdInitScriptMd5(DebianContainer c) {
        String conffiles = c.check("dpkg-query -W -f='${Conffiles}\\n' lighttpd");
        for (String line : conffiles.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals("/etc/init.d/lighttpd")) {
                return f[1];
            }
        }
        return fail("lighttpd records no conffile /etc/init.d/lighttpd: " + conffiles);
    }

    static String md5(DebianContainer c, String path) {
        return c.check("md5sum < " + path + " | cut -d' ' -f1").trim();
    }
}
