package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.lighttpdctl.testing.PhpSite;

/**
 * Issue 14, finding 6: root's sweep of per-generation backend sockets went by name. With the socket directory
 * below a directory another user owns, that user (here nobody) replaces the socket directory with a link to a
 * root-only directory, and root unlinked what matched {@code php.socket.gN-M} there (a FIFO). Now such a directory
 * gets no per-generation sockets at all (it is named, and restarts are sequenced), and the sweep reaches the
 * directories it does use through checked descriptors: nothing is swept through a directory others control.
 */
class BackendSweepSwapTest extends SiteTest {
    @Test
    void theSweepNeverFollowsADirectoryAnotherUserControls() throws Exception {
        Files.setPosixFilePermissions(site.root(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path theirs = Files.createDirectory(site.root().resolve("theirs"));
        Files.setAttribute(theirs, "unix:uid", 65534);
        Path config = PhpSite.render(site, "");
        Path php = site.root().resolve("15-fastcgi-php.conf");
        Files.writeString(php, Files.readString(php).replace(PhpSite.socketDir(site) + "/", theirs + "/run/"));

        Path victim = Files.createDirectory(site.root().resolve("root-only"));
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rwx------"));
        Path fifo = victim.resolve("php.socket.g7-0");
        run("mkfifo", fifo.toString());
        // the attacker's move: its own directory's "run" is a link to root's directory
        run("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "ln", "-s", victim.toString(),
                theirs.resolve("run").toString());

        Ctl.Result start = ctl.withConfig(config).run("start");
        assertEquals(0, start.exitCode(), start.toString());
        assertTrue(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS), "root removed " + fifo + " through a link: "
                + start);
        // each graceful sweeps again; the directory others control is named, and still nothing is removed there
        Ctl.Result graceful = ctl.withConfig(config).run("graceful");
        assertEquals(0, graceful.exitCode(), graceful.toString());
        assertTrue(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS), "root removed " + fifo + " through a link: "
                + graceful);
        assertTrue(graceful.out().contains("using a sequenced restart: ")
                && graceful.out().contains("backend socket directory " + theirs.resolve("run")),
                graceful.toString());
        ctl.withConfig(config).run("stop");
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), String.join(" ", command));
    }
}
