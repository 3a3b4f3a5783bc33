package org.lighttpdctl.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The package's life cycle in a booted Debian 12 or 13 container: install diverts lighttpd's init script and puts
 * lighttpdctl's in its place and routes lighttpd.service through lighttpdctl; remove and purge give lighttpd its
 * own script (byte for byte the one dpkg recorded) and unit behaviour back; an administrator's change to the init
 * script survives a reinstall and is saved on removal.
 */
@Tag("e2e")
class PackageE2ETest extends ContainerTest {
    private String originalMd5;

    @BeforeEach
    void boot() {
        c = DebianContainer.systemd();
        originalMd5 = ServerChecks.lighttpdInitScriptMd5(c);
        assertEquals(originalMd5, ServerChecks.md5(c, "/etc/init.d/lighttpd"), "the image's lighttpd is not pristine");
    }

    private void assertInstalled() {
        assertEquals("diversion of /etc/init.d/lighttpd to /etc/init.d/.lighttpd.distrib by lighttpdctl",
                c.check("dpkg-divert --list /etc/init.d/lighttpd").trim());
        assertEquals(originalMd5, ServerChecks.md5(c, "/etc/init.d/.lighttpd.distrib"), "lighttpd's script, diverted");
        assertEquals(ServerChecks.md5(c, "/usr/share/lighttpdctl/init.d/lighttpd"), ServerChecks.md5(c, "/etc/init.d/lighttpd"));
        assertEquals("Type=forking", c.check("systemctl show -p Type lighttpd.service").trim());
        assertTrue(c.check("systemctl show -p DropInPaths lighttpd.service").contains("lighttpdctl.conf"));
        assertTrue(c.check("systemctl show -p ExecReload lighttpd.service").contains("/usr/sbin/lighttpdctl"));
        c.check("test -s /usr/share/man/man8/lighttpdctl.8.gz && test -s /usr/share/bash-completion/completions/lighttpdctl"
                + " && test -s /var/cache/lighttpdctl/lighttpdctl.jsa && test -s /etc/default/lighttpdctl");
        c.check("lighttpdctl --version && lighttpdctl --help");
    }

    private void assertLighttpdOwnBehaviourBack() {
        assertEquals("", c.check("dpkg-divert --list /etc/init.d/lighttpd").trim(), "diversion left");
        assertEquals(originalMd5, ServerChecks.md5(c, "/etc/init.d/lighttpd"), "lighttpd's own init script is not back");
        assertEquals(1, c.sh("test -e /etc/init.d/.lighttpd.distrib").getExitCode(), "diverted copy left");
        assertEquals("Type=simple", c.check("systemctl show -p Type lighttpd.service").trim());
        assertFalse(c.check("systemctl show -p DropInPaths lighttpd.service").contains("lighttpdctl"));
        // lighttpd's own unit works again: restart is its stop and start, and it serves afterwards
        c.check("systemctl restart lighttpd.service && systemctl is-active lighttpd.service");
        c.check("for i in $(seq 50); do curl -fsS -o /dev/null http://127.0.0.1/ && exit 0; sleep 0.1; done; exit 1");
        assertTrue(c.check("systemctl show -p ExecStart lighttpd.service").contains("lighttpd -D"));
        assertEquals(1, c.sh("test -e /usr/sbin/lighttpdctl || test -e /var/cache/lighttpdctl").getExitCode());
    }

    @Test
    void installRemoveReinstallPurge() {
        String out = c.installDeb();
        assertTrue(out.contains("Adding 'diversion of /etc/init.d/lighttpd"), out);
        assertInstalled();
        // the server lighttpd's unit started is adopted: a reload hands it over
        c.check("systemctl reload lighttpd.service");
        ServerChecks.assertServerStateTrue(c);

        c.check("dpkg -r lighttpdctl");
        assertLighttpdOwnBehaviourBack();
        assertTrue(c.check("dpkg -s lighttpdctl").contains("Status: deinstall ok config-files"));

        c.check("dpkg -i " + DebianContainer.DEB_IN_CONTAINER);
        assertInstalled();
        c.check("systemctl restart lighttpd.service");
        ServerChecks.assertServerStateTrue(c);

        c.check("dpkg -P lighttpdctl");
        assertLighttpdOwnBehaviourBack();
        assertEquals(1, c.sh("dpkg -s lighttpdctl").getExitCode(), "purged package still known");
        assertEquals(1, c.sh("test -e /etc/default/lighttpdctl || test -e /var/lib/lighttpdctl").getExitCode());
    }

    /**
     * From Java 21 on, ProcessBuilder.start and Runtime.exit each ask a System.Logger whether to log (JDK-8303392,
     * JDK-8301627), and the first question looks for a logging backend: a scan of every jar on the class path and
     * java.util.logging's start, a sixth of a status call. No call of the tool pays it (os.HelperProcess,
     * cli.Main.exit): the JVM's class+load log of each call systemd and monitoring make, on this release's JVM,
     * shows no backend detection (on Java 17, which asks no logger there, this passes either way).
     */
    @Test
    void noCallLooksUpALoggingBackend() {
        c.installDeb();
        c.check("echo 'LIGHTTPDCTL_JAVA_OPTS=\"-Xlog:class+load:file=/run/lighttpdctl-classes-%p.log\"'"
                + " >> /etc/default/lighttpdctl && systemctl daemon-reload");
        c.check("systemctl reload lighttpd.service && systemctl restart lighttpd.service");
        c.check("LIGHTTPDCTL_JAVA_OPTS=-Xlog:class+load:file=/run/lighttpdctl-classes-%p.log"
                + " lighttpdctl status -f /etc/lighttpd/lighttpd.conf");
        ServerChecks.assertServerStateTrue(c);
        // graceful (ExecReload=), the stop and start halves of the restart, status: four runs at least
        int runs = Integer.parseInt(c.check("ls /run/lighttpdctl-classes-*.log | wc -l").trim());
        assertTrue(runs >= 4, runs + " class+load logs");
        assertEquals("", c.sh("grep -l 'BootstrapLogger.DetectBackend' /run/lighttpdctl-classes-*.log").getStdout()
                .trim(), "a call looked up a logging backend");
        assertTrue(c.check("cat /run/lighttpdctl-classes-*.log").contains("org.lighttpdctl.cli.Main"),
                "the logs are not the tool's");
    }

    @Test
    void purgeFromInstalled() {
        c.installDeb();
        c.check("systemctl reload lighttpd.service");
        c.check("dpkg -P lighttpdctl");
        assertLighttpdOwnBehaviourBack();
    }

    @Test
    void administratorsChangeToTheInitScriptIsKept() {
        c.installDeb();
        c.check("echo '# local change' >> /etc/init.d/lighttpd");
        String out = c.check("dpkg -i " + DebianContainer.DEB_IN_CONTAINER + " 2>&1");
        assertTrue(out.contains("keeping your modified /etc/init.d/lighttpd"), out);
        assertTrue(c.check("tail -1 /etc/init.d/lighttpd").contains("# local change"));
        c.check("dpkg -r lighttpdctl");
        assertLighttpdOwnBehaviourBack();
        assertTrue(c.check("tail -1 /var/lib/lighttpdctl/lighttpd.init.modified").contains("# local change"));
        c.check("dpkg -P lighttpdctl");
        assertEquals(1, c.sh("test -e /var/lib/lighttpdctl").getExitCode());
    }

    /**
     * The drop-in changes only what lighttpdctl needs: it sets nothing but the keys listed here, and every other
     * setting of the release's own lighttpd.service (Debian 13's hardening: ProtectProc=invisible, PrivateTmp,
     * NoNewPrivileges, RestrictAddressFamilies, ..., and Restart=on-failure) has the same value in `systemctl show`
     * after the install as before. MemoryDenyWriteExecute is off (no JVM starts under it), KillMode is systemd's
     * default from systemd 257 on (none before, see debian/systemd/lighttpdctl-generator).
     */
    @Test
    void theUnitsOwnSettingsStayInForce() {
        List<String> own = serviceKeys(c.check("systemctl cat lighttpd.service"));
        Map<String, String> before = show(own);
        c.installDeb();
        List<String> dropIn = serviceKeys(c.check("cat /usr/lib/systemd/system/lighttpd.service.d/lighttpdctl.conf"));
        assertEquals(new TreeSet<>(DROP_IN_KEYS), new TreeSet<>(dropIn), "the drop-in sets more or less than lighttpdctl needs");
        Map<String, String> after = show(own);
        for (String key : own) {
            if (!dropIn.contains(key)) {
                assertEquals(before.get(key), after.get(key), key + " changed by the install");
            }
        }
        System.out.println("[e2e] " + c.release() + ": settings of lighttpd.service kept in force: " + after);
        assertEquals("no", c.check("systemctl show -p MemoryDenyWriteExecute --value lighttpd.service").trim());
        assertEquals(c.expectedKillMode(), c.check("systemctl show -p KillMode --value lighttpd.service").trim());
        // and the unit works inside them
        c.check("systemctl restart lighttpd.service");
        ServerChecks.assertServerStateTrue(c);
        c.check("systemctl reload lighttpd.service");
        ServerChecks.assertServerStateTrue(c);
    }

    private static final List<String> DROP_IN_KEYS = List.of("MemoryDenyWriteExecute", "Type", "PIDFile",
            "Environment", "EnvironmentFile", "ExecStartPre", "ExecStart", "ExecReload", "ExecStop", "NotifyAccess",
            "FileDescriptorStoreMax");

    /** The keys set in the [Service] sections of a unit file listing (`systemctl cat` or a drop-in). */
    private static List<String> serviceKeys(String unitText) {
        List<String> keys = new ArrayList<>();
        boolean service = false;
        for (String line : unitText.split("\n")) {
            String t = line.trim();
            if (t.startsWith("[")) {
                service = t.equals("[Service]");
            } else if (service && t.matches("[A-Za-z]+=.*")) {
                String key = t.substring(0, t.indexOf('='));
                if (!keys.contains(key)) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    private Map<String, String> show(List<String> keys) {
        Map<String, String> values = new TreeMap<>();
        for (String key : keys) {
            values.put(key, c.check("systemctl show -p " + key + " --value lighttpd.service").trim());
        }
        return values;
    }

    /** A failed unpack (abort-install) leaves no diversion behind and lighttpd's script in place. */
    @Test
    void abortedInstallUndoesTheDiversion() {
        c.copyDeb();
        // make the unpack fail after the preinst diverted: another package owns /usr/sbin/lighttpdctl
        c.check("mkdir -p /tmp/squatter/DEBIAN /tmp/squatter/usr/sbin && touch /tmp/squatter/usr/sbin/lighttpdctl"
                + " && printf 'Package: squatter\\nVersion: 1\\nArchitecture: all\\nMaintainer: e2e <e2e@example.org>\\n"
                + "Description: owns /usr/sbin/lighttpdctl\\n' > /tmp/squatter/DEBIAN/control"
                + " && dpkg-deb -b /tmp/squatter /tmp/squatter.deb >/dev/null && dpkg -i /tmp/squatter.deb >/dev/null");
        var result = c.sh("dpkg -i " + DebianContainer.DEB_IN_CONTAINER + " 2>&1");
        assertTrue(result.getExitCode() != 0, "the install should have failed: " + result.getStdout());
        assertTrue(result.getStdout().contains("Removing 'diversion of /etc/init.d/lighttpd"), result.getStdout());
        assertEquals("", c.check("dpkg-divert --list /etc/init.d/lighttpd").trim(), "diversion left");
        assertEquals(originalMd5, ServerChecks.md5(c, "/etc/init.d/lighttpd"));
    }
}
