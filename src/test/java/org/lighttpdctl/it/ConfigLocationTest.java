package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.lighttpdctl.testing.FreePorts;
import org.lighttpdctl.testing.Outcome;
import org.lighttpdctl.testing.SampleSite;
import org.lighttpdctl.testing.SmallGet;

/**
 * Where lighttpd looks for what a config names: relative includes and include_shell are resolved from the
 * directory of the administrator's config, as under {@code lighttpd -f}, although each generation runs on a
 * wrapper config in the state dir; under server.chroot the error log is read inside the chroot.
 */
class ConfigLocationTest extends SiteTest {

    @Test
    void relativeIncludeAndIncludeShellWorkAsUnderLighttpdF() throws IOException {
        int shellPort = FreePorts.pick(1)[0];
        Path confD = site.root().resolve("conf.d");
        Files.createDirectories(confD);
        Files.writeString(confD.resolve("extra.conf"),
                "$SERVER[\"socket\"] == \"127.0.0.1:" + site.port2() + "\" { }\n");
        // include_shell runs in the config's directory: a relative command and a relative file it reads.
        Files.writeString(confD.resolve("listener.txt"), "127.0.0.1:" + shellPort + "\n");
        Path script = confD.resolve("listener.sh");
        Files.writeString(script, "#!/bin/sh\necho '$SERVER[\"socket\"] == \"'\"$(cat conf.d/listener.txt)\"'\" { }'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(site.config(), "\ninclude \"conf.d/extra.conf\"\ninclude_shell \"./conf.d/listener.sh\"\n",
                StandardOpenOption.APPEND);

        Ctl.Result start = ctl.run("start");
        assertEquals(0, start.exitCode(), start.toString());
        assertAllAnswer(shellPort);
        long first = ctl.pidfilePid();
        Ctl.Result graceful = ctl.run("graceful");
        assertEquals(0, graceful.exitCode(), graceful.toString());
        assertNotEquals(first, ctl.pidfilePid());
        assertAllAnswer(shellPort);
    }

    /**
     * lighttpd opens its error log after chroot(): a start that fails there must show what lighttpd wrote in the
     * chroot, not "check error log for details" alone. This chroot lacks /dev/null, which lighttpd opens after
     * its error log.
     */
    @Test
    void aFailedStartInAChrootShowsTheErrorLogInsideTheChroot() throws IOException {
        Path chroot = site.root().resolve("jail");
        Files.createDirectories(chroot.resolve("logs"));
        Files.createDirectories(chroot.resolve("www"));
        Path config = site.root().resolve("chroot.conf");
        Files.writeString(config, "server.modules = ( \"mod_staticfile\" )\n"
                + "server.bind = \"127.0.0.1\"\nserver.port = " + site.port() + "\n"
                + "server.document-root = \"/www\"\nserver.errorlog = \"/logs/error.log\"\n"
                + "server.pid-file = \"" + site.pidFile() + "\"\nserver.chroot = \"" + chroot + "\"\n");

        Ctl.Result start = ctl.withConfig(config).run("start");
        assertEquals(1, start.exitCode(), start.toString());
        assertTrue(start.err().contains("opening /dev/null failed"), start.toString());
    }

    private void assertAllAnswer(int shellPort) {
        for (int port : new int[] {site.port(), site.port2(), shellPort}) {
            assertEquals(Outcome.OK, SmallGet.get(port, SampleSite.INDEX_PATH), "port " + port);
        }
    }
}
