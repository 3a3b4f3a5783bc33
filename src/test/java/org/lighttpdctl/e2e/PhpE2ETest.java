package org.lighttpdctl.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * lighttpd with PHP through Debian's fastcgi-php module, a bin-path backend that each lighttpd generation spawns
 * (php-cgi) and kills at its exit (issue 8): `systemctl reload lighttpd` under load on a static file and on a
 * .php page loses no client, and PHP still answers afterwards and after the old generation's drain has ended.
 *
 * <p>Tagged e2e-php as well, to run on its own: {@code -Dgroups=e2e-php -DexcludedGroups=none}.
 */
@Tag("e2e")
@Tag("e2e-php")
class PhpE2ETest extends ContainerTest {
    private static final String PAGE = "/e2e.php";
    @BeforeEach
    void boot() {
        c = DebianContainer.systemd();
        c.installDeb();
        c.prepareLoad();
        c.check("printf '<?php echo \"php ok \" . PHP_VERSION . \"\\\\n\";\\n' > /var/www/html" + PAGE);
        c.check("lighty-enable-mod fastcgi fastcgi-php 2>&1 || true");
        c.check("ls /etc/lighttpd/conf-enabled/ | grep -q fastcgi-php");
        c.check("systemctl restart lighttpd");
        ServerChecks.assertServerStateTrue(c);
        assertPhpAnswers("before the reload");
    }

    private void assertPhpAnswers(String when) {
        String body = c.check("curl -sS --max-time 10 http://127.0.0.1" + PAGE);
        assertTrue(body.startsWith("php ok "), "PHP " + when + ": " + body);
    }

    @Test
    void reloadUnderLoadOnAStaticFileAndAPhpPage() {
        for (int round = 1; round <= 2; round++) {
            List<LoadRun> runs = c.loadAlso(SystemdE2ETest.WINDOW, "systemctl reload lighttpd", PAGE);
            ServerChecks.assertNoClientLost("systemctl reload with PHP, static file (#" + round + ")", runs.get(0));
            LoadRun php = runs.get(1);
            System.out.println("[e2e] systemctl reload with PHP, " + PAGE + " (#" + round + "): " + php.summary());
            assertTrue(php.get("ok") >= 50, "too little PHP load: " + php.summary());
            assertEquals(0, php.failures(), "PHP clients lost: " + php.summary() + "\n" + php.output());
            long serving = ServerChecks.assertServerStateTrue(c);
            assertPhpAnswers("right after reload #" + round);
            // past the drain: the old generation, which spawned or used the PHP backends, has exited
            UnitTruth.awaitOnlyLighttpd(c, List.of(serving));
            assertPhpAnswers("after the old generation's drain ended (reload #" + round + ")");
        }
    }

    /**
     * A process PHP starts (as www-data, in lighttpd.service's cgroup; in a session of its own, out of the process
     * group php-cgi's parent kills when it exits) that names itself ") S PID" and a newline, PID its own, so that
     * the first line of its /proc/PID/stat names it as its own parent: `systemctl stop` still ends it, and
     * everything else of the unit. Before 0.8.2, on systemd 252 (KillMode=none, where ExecStopPost= end-leftovers
     * ends what is left), the script's walk up that forged ancestry never ended: seen, "State 'stop-post' timed
     * out" after 90 s, the process and end-leftovers itself left running.
     */
    @Test
    void aProcessPhpStartsThatForgesItsParentEndsWithTheStop() {
        c.check("""
                cat > /usr/local/bin/e2e-forger <<'EOF'
                #!/bin/sh
                printf ') S %s\\n' $$ > /proc/self/comm
                while :; do sleep 1; done
                EOF
                chmod 755 /usr/local/bin/e2e-forger
                cat > /var/www/html/e2e-forge.php <<'EOF'
                <?php exec('setsid /usr/local/bin/e2e-forger >/dev/null 2>&1 &'); echo "started\\n";
                EOF
                """);
        assertTrue(c.check("curl -sS --max-time 10 http://127.0.0.1/e2e-forge.php").startsWith("started"));
        String pid = c.check("i=0; until p=$(pgrep -u www-data -f /usr/local/bin/e2e-forger) && head -c 40"
                + " /proc/$p/stat | grep -q \"^$p () S $p\"; do i=$((i+1)); [ $i -le 100 ] || exit 1; sleep 0.1;"
                + " done; echo $p").trim();
        assertTrue(c.check("cat /proc/" + pid + "/cgroup").contains("/system.slice/lighttpd.service"),
                "the process is not in lighttpd.service");
        c.check("systemctl stop lighttpd");
        assertEquals(1, c.sh("kill -0 " + pid).getExitCode(), "the process that forged its parent outlived the"
                + " stop: " + c.sh("ps -ef").getStdout());
        assertEquals(1, c.sh("pgrep -u www-data").getExitCode(), "www-data processes left after stop: "
                + c.sh("ps -ef").getStdout());
    }
}
