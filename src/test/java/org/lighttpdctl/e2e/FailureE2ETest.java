package org.lighttpdctl.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;

/**
 * Every failure leaves the truth behind: after a failed ExecStart=, ExecReload= or ExecStop= of lighttpd.service
 * (a broken lighttpd configuration; a lighttpdctl that cannot start at all because of a bad JVM option in
 * /etc/default/lighttpdctl), `systemctl is-active`, MainPID, /run/lighttpd.pid and `lighttpdctl status` agree, no
 * lighttpd runs that the unit does not know of, and the unit's Restart=on-failure (Debian 13) does not loop.
 */
@Tag("e2e")
class FailureE2ETest extends ContainerTest {
    private static final String BREAK_CONFIG = "cp /etc/lighttpd/lighttpd.conf /root/lighttpd.conf.good"
            + " && echo 'this is { not lighttpd configuration' >> /etc/lighttpd/lighttpd.conf";
    private static final String REPAIR_CONFIG = "cp /root/lighttpd.conf.good /etc/lighttpd/lighttpd.conf";
    private static final String BAD_JVM = "echo 'LIGHTTPDCTL_JAVA_OPTS=\"-XX:+NoSuchJvmOption\"' >> /etc/default/lighttpdctl";
    private static final String GOOD_JVM = "sed -i '/NoSuchJvmOption/d' /etc/default/lighttpdctl";

    @BeforeEach
    void boot() {
        c = DebianContainer.systemd();
        c.installDeb();
        // a generation lighttpdctl started
        c.check("systemctl restart lighttpd");
        UnitTruth.assertActive(c);
    }

    private String restarts() {
        return c.check("systemctl show -p NRestarts --value lighttpd.service").trim();
    }

    @Test
    void reloadWithABrokenConfigKeepsTheServerServing() {
        long before = UnitTruth.assertActive(c);
        String restarts = restarts();
        c.check(BREAK_CONFIG);
        ExecResult reload = c.sh("systemctl reload lighttpd");
        assertNotEquals(0, reload.getExitCode(), "reload with a broken config succeeded");
        settleAndRepair();
        assertEquals(before, UnitTruth.assertActive(c), "a failed reload replaced the server");
        assertEquals(restarts, restarts(), "Restart= restarted the unit after a failed reload");
        c.check("systemctl reload lighttpd");
        assertNotEquals(before, UnitTruth.assertActive(c));
    }

    @Test
    void restartWithABrokenConfigLeavesTheUnitFailedAndNothingRunning() {
        c.check(BREAK_CONFIG);
        ExecResult restart = c.sh("systemctl restart lighttpd");
        assertNotEquals(0, restart.getExitCode(), "restart with a broken config succeeded");
        settleAndRepair();
        UnitTruth.assertStopped(c);
        c.check("systemctl reset-failed lighttpd && systemctl start lighttpd");
        UnitTruth.assertActive(c);
    }

    @Test
    void startWithABrokenConfigFails() {
        c.check("systemctl stop lighttpd");
        UnitTruth.assertStopped(c);
        c.check(BREAK_CONFIG);
        assertNotEquals(0, c.sh("systemctl start lighttpd").getExitCode());
        settleAndRepair();
        UnitTruth.assertStopped(c);
    }

    /**
     * Waits until the unit settled (Restart=on-failure has given up or succeeded); `lighttpdctl status`, which
     * answers from its verified records while the configuration is broken (with a warning naming the error),
     * agrees with `systemctl is-active`; then puts the good configuration back (the file alone changes no process).
     */
    private void settleAndRepair() {
        UnitTruth.awaitSettled(c);
        boolean active = c.sh("systemctl is-active --quiet lighttpd").getExitCode() == 0;
        var status = c.sh("lighttpdctl status");
        assertEquals(active ? 0 : 3, status.getExitCode(),
                "status with a broken configuration, unit " + (active ? "active" : "not active") + ": "
                        + status.getStdout() + status.getStderr());
        c.check(REPAIR_CONFIG);
    }

    /** The tool cannot start: reload fails and the server keeps serving, untouched. */
    @Test
    void reloadWhenTheToolCannotStartKeepsTheServer() {
        long before = UnitTruth.assertActive(c);
        c.check(BAD_JVM);
        assertNotEquals(0, c.sh("systemctl reload lighttpd").getExitCode(), "reload with a bad JVM option succeeded");
        assertEquals(before, UnitTruth.assertActive(c));
        c.check(GOOD_JVM + " && systemctl reload lighttpd");
        assertNotEquals(before, UnitTruth.assertActive(c));
    }

    /**
     * The tool cannot start: ExecStop= fails, so systemd stops the unit itself (KillMode=control-group) and no
     * lighttpd is orphaned; ExecStart= fails too, and the unit ends failed with nothing running.
     */
    @Test
    void restartAndStopWhenTheToolCannotStartLeaveNothingRunning() {
        c.check(BAD_JVM);
        assertNotEquals(0, c.sh("systemctl restart lighttpd").getExitCode(), "restart with a bad JVM option succeeded");
        UnitTruth.assertStopped(c);
        assertNotEquals(0, c.sh("systemctl start lighttpd").getExitCode());
        UnitTruth.assertStopped(c);
        c.check(GOOD_JVM + " && systemctl reset-failed lighttpd && systemctl start lighttpd");
        UnitTruth.assertActive(c);
        c.check(BAD_JVM);
        c.sh("systemctl stop lighttpd");
        UnitTruth.assertStopped(c);
    }
}
