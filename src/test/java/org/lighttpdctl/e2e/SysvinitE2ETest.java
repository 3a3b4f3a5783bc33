package org.lighttpdctl.e2e;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The init script on a system without systemd: a Debian 12 or 13 container whose PID 1 is a plain {@code sleep}
 * (under podman's reaping init), with lighttpd and the built package installed and lighttpd started by
 * /etc/init.d/lighttpd. graceful, reload and restart through the init script lose no client and leave the
 * pidfile and `lighttpdctl status` true.
 */
@Tag("e2e")
class SysvinitE2ETest extends ContainerTest {
    @BeforeEach
    void boot() {
        c = DebianContainer.withoutSystemd();
        c.installDeb();
        c.prepareLoad();
        c.check("/etc/init.d/lighttpd start");
        ServerChecks.assertServerStateTrue(c);
    }

    private void twiceWithoutLoss(String action) {
        ServerChecks.assertTwiceWithoutLoss(c, action, ", no systemd", SystemdE2ETest.WINDOW);
    }

    @Test
    void initScriptGraceful() {
        twiceWithoutLoss("/etc/init.d/lighttpd graceful");
    }

    @Test
    void initScriptReload() {
        twiceWithoutLoss("/etc/init.d/lighttpd reload");
    }

    @Test
    void initScriptRestart() {
        twiceWithoutLoss("/etc/init.d/lighttpd restart");
    }

    /** status, configtest and stop through the init script, with LSB exit codes. */
    @Test
    void statusConfigtestStop() {
        c.check("/etc/init.d/lighttpd status");
        c.check("/etc/init.d/lighttpd configtest");
        c.check("/etc/init.d/lighttpd reopen-logs");
        c.check("/etc/init.d/lighttpd stop");
        int status = c.sh("/etc/init.d/lighttpd status").getExitCode();
        assertTrue(status == 3, "status of a stopped server: " + status);
        c.check("/etc/init.d/lighttpd stop");
        int usage = c.sh("/etc/init.d/lighttpd frobnicate").getExitCode();
        assertTrue(usage == 2, "unknown action: " + usage);
    }

    /** The measurement itself: lighttpd's own init script (package removed) must show lost clients. */
    @Test
    void withoutLighttpdctlTheSameLoadSeesLosses() {
        c.check("dpkg -r lighttpdctl");
        LoadRun run = c.load(SystemdE2ETest.WINDOW, "/etc/init.d/lighttpd restart");
        System.out.println("[e2e] baseline /etc/init.d/lighttpd restart without lighttpdctl: " + run.summary());
        assertTrue(run.get("refused") + run.get("reset") + run.get("downloadsFailed") > 0,
                "the load saw no loss across lighttpd's own restart: " + run.summary());
    }
}
