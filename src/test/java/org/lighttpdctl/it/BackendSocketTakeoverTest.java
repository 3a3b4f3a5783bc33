package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lighttpdctl.testing.OtherUser;
import org.lighttpdctl.testing.PhpSite;
import org.lighttpdctl.testing.Processes;

/**
 * Issue 14, findings 2 and 3: per-generation backend socket names ({@code php.socket.gN-0}) are predictable. In a
 * directory others can write (the {@code /tmp/php.socket} layout) another user ({@code nobody}) could bind the next
 * generation's name first and receive its PHP requests, or plant files there that make every later start fail.
 * There the backends keep their configured sockets and the restart is sequenced, with a warning naming the
 * directory. In a directory reserved to root and server.username, what dead generations left is swept, without
 * following links, and what cannot be swept is named before the spawn.
 */
class BackendSocketTakeoverTest extends SiteTest {
    private final List<OtherUser> attackers = new ArrayList<>();

    @AfterEach
    void endAttackersAndPhpCgi() {
        attackers.forEach(OtherUser::close);
        Processes.terminateAllMentioning(site.root(), Duration.ofSeconds(5));
        PhpSite.phpCgiProcesses(site).keySet().forEach(pid -> Processes.terminate(pid, Duration.ofSeconds(5)));
    }

    /** Finding 2: nobody binds the next generation's socket name in a world-writable directory before a graceful. */
    @Test
    void anotherUserBindingTheNextSocketNameReceivesNoPhpRequest() throws Exception {
        ctl = ctl.withConfig(PhpSite.render(site, ""));
        Path dir = worldWritableSocketDir();
        assertEquals(0, ctl.run("start").exitCode());
        PhpSite.answeringPhpCgi(site.port(), PhpSite.PHP_PATH);
        OtherUser squatter = squat(dir, "php.socket.g2-0", "php.socket.g2", "php.socket.g3-0");

        Ctl.Result graceful = ctl.run("graceful");
        assertEquals(0, graceful.exitCode(), graceful.toString());
        for (int i = 0; i < 5; i++) {
            PhpSite.answeringPhpCgi(site.port(), PhpSite.PHP_PATH);
        }
        assertTrue(squatter.output().stream().noneMatch(l -> l.startsWith("connected")),
                "nobody's socket received connections: " + squatter.output() + "\n" + graceful);
        assertTrue(graceful.out().contains("using a sequenced restart: ") && graceful.out().contains(
                "the backend socket directory " + dir + " is not reserved to root and server.username"),
                graceful.toString());
        Ctl.Result again = ctl.run("graceful");
        assertEquals(0, again.exitCode(), again.toString());
        PhpSite.answeringPhpCgi(site.port(), PhpSite.PHP_PATH);
        assertTrue(squatter.output().stream().noneMatch(l -> l.startsWith("connected")),
                "nobody's socket received connections: " + squatter.output() + "\n" + graceful);
        assertTrue(squatter.isAlive(), "the squatter kept its sockets throughout: " + squatter.output());
        assertEquals(0, ctl.run("stop").exitCode());
    }

    /**
     * Finding 3: regular files of nobody's at the next names, in a sticky world-writable directory where lighttpd,
     * running as www-data, cannot remove them: graceful, restart and restart --hard still start a generation.
     */
    @Test
    void filesPlantedAtTheNextNamesBlockNoStart() throws Exception {
        Files.setPosixFilePermissions(site.docroot(), PosixFilePermissions.fromString("rwxr-xr-x"));
        giveToWwwData(site.root().resolve("logs")); // lighttpd opens its error log after dropping privileges
        ctl = ctl.withConfig(PhpSite.render(site, "server.username = \"www-data\"\n"
                + "server.groupname = \"www-data\"\n"));
        Path dir = worldWritableSocketDir();
        List<String> names = new ArrayList<>();
        for (int g = 1; g <= 12; g++) {
            names.add(dir.resolve("php.socket.g" + g + "-0").toString());
            names.add(dir.resolve("php.socket.g" + g).toString());
        }
        OtherUser planter = OtherUser.perl("$| = 1; for my $p (@ARGV) { open(my $f, '>', $p) or die \"$p: $!\\n\"; }"
                + " print \"planted\\n\"; sleep 600;", names.toArray(String[]::new));
        attackers.add(planter);
        planter.awaitLine("planted", Duration.ofSeconds(10));

        Ctl.Result start = ctl.run("start");
        assertEquals(0, start.exitCode(), start.toString());
        PhpSite.answeringPhpCgi(site.port(), PhpSite.PHP_PATH);
        for (String[] call : new String[][] {{"graceful"}, {"restart"}, {"restart", "--hard"}, {"graceful"}}) {
            Ctl.Result result = ctl.run(call);
            assertEquals(0, result.exitCode(), String.join(" ", call) + ": " + result);
            PhpSite.answeringPhpCgi(site.port(), PhpSite.PHP_PATH);
        }
        assertEquals(0, ctl.run("stop").exitCode());
    }

    /**
     * In a directory only root may write: a symbolic link left at a dead generation's name is removed without
     * touching its target, and a directory at the next generation's name is named before the spawn while the
     * serving generation goes on serving.
     */
    @Test
    void inAReservedDirectoryLeftoversAreSweptWithoutFollowingAndWhatRemainsIsNamed() throws Exception {
        ctl = ctl.withConfig(PhpSite.render(site, ""));
        Path dir = PhpSite.socketDir(site);
        assertEquals(0, ctl.run("start").exitCode());
        long first = ctl.pidfilePid();
        Path precious = Files.writeString(site.root().resolve("precious"), "keep me\n");
        Files.createSymbolicLink(dir.resolve("php.socket.g2-0"), precious);
        Files.createDirectory(dir.resolve("php.socket.g3-0"));

        Ctl.Result graceful = ctl.run("graceful");
        assertEquals(0, graceful.exitCode(), graceful.toString());
        assertTrue(graceful.out().startsWith("graceful: handoff, PID " + first), graceful.toString());
        assertEquals("keep me\n", Files.readString(precious), "the link's target is never touched");
        long second = ctl.pidfilePid();
        PhpSite.answeringPhpCgi(site.port(), PhpSite.PHP_PATH);

        Ctl.Result blocked = ctl.run("graceful");
        assertEquals(1, blocked.exitCode(), blocked.toString());
        assertTrue(blocked.err().contains("cannot start generation 3: " + dir.resolve("php.socket.g3-0")
                + " (a directory) is in the way of its backend socket"), blocked.toString());
        assertEquals(second, ctl.pidfilePid(), "the serving generation stays");
        PhpSite.answeringPhpCgi(site.port(), PhpSite.PHP_PATH);
        assertEquals(0, ctl.run("stop").exitCode());
    }

    /** The PHP socket directory made like /tmp: sticky and writable by everyone, reachable by nobody. */
    private Path worldWritableSocketDir() throws IOException {
        Files.setPosixFilePermissions(site.root(), PosixFilePermissions.fromString("rwx--x--x"));
        Path dir = PhpSite.socketDir(site);
        Files.setAttribute(dir, "unix:mode", 01777);
        return dir;
    }

    private static void giveToWwwData(Path dir) throws IOException {
        java.nio.file.attribute.UserPrincipal wwwData = dir.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName("www-data");
        try (java.util.stream.Stream<Path> entries = Files.walk(dir)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                Files.setOwner(entry, wwwData);
            }
        }
    }

    private OtherUser squat(Path dir, String... names) throws IOException {
        List<String> paths = new ArrayList<>();
        for (String name : names) {
            paths.add(dir.resolve(name).toString());
        }
        OtherUser squatter = OtherUser.squatUnixSockets(paths);
        attackers.add(squatter);
        return squatter;
    }
}
