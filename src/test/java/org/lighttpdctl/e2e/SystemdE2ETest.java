package org.lighttpdctl.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every way an administrator or dpkg restarts lighttpd on a systemd system, in a booted Debian 12 or 13 container
 * (systemd 252 or 257 as PID 1) with Debian's lighttpd and the built lighttpdctl package installed, under load driven
 * inside the container: no client may see a refusal, reset, truncated body or failed download, and afterwards
 * MainPID, /run/lighttpd.pid and `lighttpdctl status` must agree on the serving process.
 *
 * <p>Each path runs twice: first right after the package was installed (the server is the one lighttpd's own
 * unit started, which lighttpdctl adopts), then on a generation lighttpdctl started.
 */
@Tag("e2e")
class SystemdE2ETest extends ContainerTest {
    static final Duration WINDOW = Duration.ofSeconds(8);

    @BeforeEach
    void boot() {
        c = DebianContainer.systemd();
        c.installDeb();
        c.prepareLoad();
    }

    private void twiceWithoutLoss(String action) {
        ServerChecks.assertTwiceWithoutLoss(c, action, "", WINDOW);
    }

    @Test
    void invokeRcDGraceful() {
        twiceWithoutLoss("invoke-rc.d lighttpd graceful");
    }

    @Test
    void serviceReload() {
        twiceWithoutLoss("service lighttpd reload");
    }

    @Test
    void systemctlReload() {
        twiceWithoutLoss("systemctl reload lighttpd");
    }

    @Test
    void systemctlRestart() {
        twiceWithoutLoss("systemctl restart lighttpd");
    }

    /** lighttpd's postinst restarts it (invoke-rc.d/deb-systemd-invoke restart); the trigger follows. */
    @Test
    void upgradeOfTheLighttpdPackage() {
        String action = "DEBIAN_FRONTEND=noninteractive apt-get install -y --reinstall /root/debs/lighttpd_*.deb 2>&1";
        for (int round = 1; round <= 2; round++) {
            long before = Long.parseLong(c.check("cat /run/lighttpd.pid").trim());
            LoadRun run = c.load(WINDOW, action);
            ServerChecks.assertNoClientLost("upgrade of lighttpd (#" + round + ")", run);
            assertTrue(run.output().contains("Processing triggers for lighttpdctl"), run.output());
            long after = ServerChecks.assertServerStateTrue(c);
            assertNotEquals(before, after, "the upgrade left the old process serving");
        }
    }

    /**
     * The dpkg trigger on its own: the binary the server executes is replaced (as an upgrade does) and only the
     * trigger runs; it must notice and restart the server onto the new binary without loss.
     */
    @Test
    void triggerRestartsOntoAReplacedBinary() {
        String replace = "cp -p /usr/sbin/lighttpd /usr/sbin/lighttpd.e2e && mv /usr/sbin/lighttpd.e2e /usr/sbin/lighttpd";
        c.check(replace);
        long before = Long.parseLong(c.check("cat /run/lighttpd.pid").trim());
        assertTrue(c.check("readlink /proc/" + before + "/exe").contains("(deleted)"));
        LoadRun run = c.load(WINDOW, "dpkg-trigger --no-await /usr/sbin/lighttpd && dpkg --triggers-only lighttpdctl 2>&1");
        ServerChecks.assertNoClientLost("trigger", run);
        assertTrue(run.output().contains("runs a replaced binary"), run.output());
        long after = ServerChecks.assertServerStateTrue(c);
        assertNotEquals(before, after);
    }

    /**
     * `systemctl stop` stops every generation, the draining one too, and empties systemd's fd store: afterwards no
     * lighttpd process is left, nothing listens on port 80 and a connection is refused; start brings it back.
     */
    @Test
    void systemctlStopStopsEveryGeneration() {
        c.check("systemctl reload lighttpd");
        // a slow download keeps the current generation busy, so that the next reload leaves it draining
        c.check("(curl -s --limit-rate 500k -o /dev/null http://127.0.0.1/big.bin &) ; sleep 1");
        long draining = Long.parseLong(c.check("cat /run/lighttpd.pid").trim());
        c.check("systemctl reload lighttpd");
        long serving = ServerChecks.assertServerStateTrue(c);
        assertNotEquals(draining, serving);
        assertTrue(c.sh("kill -0 " + draining).getExitCode() == 0, "the old generation is not draining");
        c.check("systemctl stop lighttpd");
        assertEquals("inactive", c.sh("systemctl is-active lighttpd").getStdout().trim());
        assertEquals(1, c.sh("pgrep -x lighttpd").getExitCode(), "lighttpd processes left: " + c.sh("ps -ef").getStdout());
        assertEquals(1, c.sh("test -e /run/lighttpd.pid").getExitCode(), "pidfile left after stop");
        assertEquals(3, c.sh("lighttpdctl status").getExitCode());
        assertEquals(7, c.sh("curl -s -o /dev/null http://127.0.0.1/").getExitCode(), "port 80 still accepts");
        c.check("systemctl start lighttpd");
        ServerChecks.assertServerStateTrue(c);
    }

    /**
     * From systemd 257 on (KillMode is systemd's default): the serving generation outlives the stop half of
     * `systemctl restart` in a transient scope of its own (lighttpd-drain-PID.scope), outside lighttpd.service, and
     * drains there once ExecStart= proved its successor; `systemctl status` shows the serving generation as the main
     * process; `systemctl stop` ends every generation, and the scope with it. On systemd 252 (KillMode=none) the
     * whole handoff runs in ExecStop= and systemd waits for the old main process: the restart returns once the old
     * generation has drained, no scope is used, and the new generation serves from lighttpd.service.
     */
    @Test
    void restartDrainsTheOldGenerationInAScopeThatStopEnds() {
        assertEquals(c.expectedKillMode(), c.check("systemctl show -p KillMode --value lighttpd.service").trim());
        c.check("systemctl reload lighttpd");
        c.check("(curl -s --limit-rate 300k -o /tmp/slow.bin http://127.0.0.1/big.bin; echo $? > /tmp/slow.rc) >/dev/null 2>&1 &"
                + " sleep 1");
        long old = Long.parseLong(c.check("cat /run/lighttpd.pid").trim());
        String scope = "lighttpd-drain-" + old + ".scope";
        if (c.systemdVersion() < 257) {
            c.check("systemctl restart lighttpd");
            long serving = ServerChecks.assertServerStateTrue(c);
            assertNotEquals(old, serving);
            assertNotEquals(0, c.sh("kill -0 " + old).getExitCode(), "the restart returned before the old generation drained");
            assertEquals("", c.check("systemctl list-units --no-legend 'lighttpd-drain-*'").trim());
            c.check("systemctl stop lighttpd");
            UnitTruth.assertStopped(c);
            return;
        }
        c.check("systemctl --no-block restart lighttpd");
        c.check("for i in $(seq 300); do grep -q '/" + scope + "$' /proc/" + old + "/cgroup && exit 0; sleep 0.1; done;"
                + " cat /proc/" + old + "/cgroup; exit 1");
        assertEquals("active", UnitTruth.awaitSettled(c));
        long serving = ServerChecks.assertServerStateTrue(c);
        assertNotEquals(old, serving);
        assertTrue(c.check("systemctl status --no-pager lighttpd.service").contains("Main PID: " + serving));
        if (c.sh("kill -0 " + old).getExitCode() == 0) {
            assertTrue(c.check("cat /proc/" + old + "/cgroup").contains("/" + scope), "draining outside its scope");
        }
        c.check("systemctl stop lighttpd");
        UnitTruth.assertStopped(c);
        assertNotEquals("active", c.sh("systemctl is-active " + scope).getStdout().trim());
    }

    /**
     * A crash (SIGKILL of the serving lighttpd, as the OOM killer does): lighttpdctl's start parked the listening
     * sockets in systemd's file descriptor store, so systemd holds them open; clients queue in the kernel until
     * Restart=on-failure (both releases' units) starts the next generation on them, instead of being refused (the
     * stock unit: 122-139 refused in a manual run). What the killed process had accepted is lost either way. Started by a plain stop and start, so the store holds only what
     * start parked; afterwards MainPID, pidfile and status agree and `systemctl stop` still stops.
     */
    @Test
    void aCrashQueuesClientsUntilRestartOnFailure() {
        assertEquals("on-failure", c.check("systemctl show -p Restart --value lighttpd.service").trim());
        c.check("systemctl stop lighttpd && systemctl start lighttpd");
        long crashed = Long.parseLong(c.check("cat /run/lighttpd.pid").trim());
        LoadRun run = c.load(WINDOW, "kill -KILL $(systemctl show -p MainPID --value lighttpd.service)"
                + " && for i in $(seq 300); do systemctl is-active -q lighttpd && [ -s /run/lighttpd.pid ]"
                + " && [ \"$(cat /run/lighttpd.pid)\" != " + crashed + " ] && exit 0; sleep 0.1; done; exit 1");
        System.out.println("[e2e] SIGKILL of the serving lighttpd on " + c.release() + ": " + run.summary());
        assertEquals(0, run.get("actionExit"), "the unit did not come back: " + run.output());
        // the requests the killed process had accepted are reset by the kernel, and its downloads fail: a crash
        // loses what was in flight; what the store prevents is the refusal of every client until the restart
        assertEquals(0, run.get("refused") + run.get("timeouts"),
                "clients refused or timed out across the crash: " + run.summary());
        long serving = ServerChecks.assertServerStateTrue(c);
        assertNotEquals(crashed, serving);
        c.check("systemctl stop lighttpd");
        UnitTruth.assertStopped(c);
    }

    /**
     * The measurement itself: without lighttpdctl, lighttpd's own `systemctl restart` must show lost clients,
     * or the zero-loss results above would prove nothing.
     */
    @Test
    void withoutLighttpdctlTheSameLoadSeesLosses() {
        c.check("dpkg -r lighttpdctl");
        LoadRun run = c.load(WINDOW, "systemctl restart lighttpd");
        System.out.println("[e2e] baseline systemctl restart without lighttpdctl: " + run.summary());
        assertTrue(run.get("refused") + run.get("reset") + run.get("downloadsFailed") > 0,
                "the load saw no loss across lighttpd's own restart: " + run.summary());
    }
}
