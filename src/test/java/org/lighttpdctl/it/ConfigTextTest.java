package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lighttpdctl.testing.PhpSite;
import org.lighttpdctl.testing.Processes;

/**
 * Issue 14, findings 5 and 8: the wrapper a generation runs on never says more than the administrator's
 * configuration. lighttpd -p prints array keys raw, so a key holding {@code \"} read as more entries than there are;
 * and a value spanning lines must survive the in-place restart's rewrite.
 */
class ConfigTextTest extends SiteTest {

    @AfterEach
    void endPhpCgi() {
        Processes.terminateAllMentioning(site.root(), Duration.ofSeconds(5));
        PhpSite.phpCgiProcesses(site).keySet().forEach(pid -> Processes.terminate(pid, Duration.ofSeconds(5)));
    }

    /**
     * Finding 5: one key of an external backend's options, {@code x" => "1", "bin-path" => "EVIL", "y}, printed raw
     * by lighttpd -p, read as a bin-path: the wrapper wrote it as a real one and lighttpd ran EVIL (as root here).
     */
    @Test
    void aKeyHoldingQuotesNeverBecomesABinPath() throws Exception {
        Path marker = site.root().resolve("evil-ran");
        Path evil = Files.writeString(site.root().resolve("evil.sh"), "#!/bin/sh\necho ran >> " + marker
                + "\nexec sleep 30\n");
        Files.setPosixFilePermissions(evil, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path socketDir = Files.createDirectories(site.root().resolve("run"));
        String injected = "x\\\" => \\\"1\\\", \\\"bin-path\\\" => \\\"" + evil + "\\\", \\\"y";
        Path config = Files.writeString(site.root().resolve("injected.conf"), "include \"" + site.config() + "\"\n"
                + "server.modules += (\"mod_fastcgi\")\n"
                + "fastcgi.server = ( \".php\" => ( ( \"socket\" => \"" + socketDir + "/external.sock\", \""
                + injected + "\" => \"z\" ) ) )\n");
        ctl = ctl.withConfig(config);
        assertEquals(0, ctl.run("configtest").exitCode(), "lighttpd accepts the key");

        Ctl.Result start = ctl.run("start");
        assertEquals(0, start.exitCode(), start.toString());
        Ctl.Result graceful = ctl.run("graceful");
        assertEquals(0, graceful.exitCode(), graceful.toString());
        Ctl.Result restart = ctl.run("restart");
        assertEquals(0, restart.exitCode(), restart.toString());
        assertFalse(Files.exists(marker), "a bin-path the administrator never wrote ran:\n" + start + graceful);
        assertTrue(graceful.out().contains("ambiguously"), "the restart is sequenced, saying why: " + graceful);
        assertEquals(0, ctl.run("stop").exitCode());
        assertFalse(Files.exists(marker));
    }

    /** Finding 5: a plain key with a quote ({@code "X-\"q\""}) made a valid configuration fail with exit 6. */
    @Test
    void aValidConfigurationWithAQuoteInAKeyStartsAndRestarts() throws Exception {
        ctl = ctl.withConfig(PhpSite.render(site, "setenv.add-response-header = ( \"X-\\\"q\\\"\" => \"1\" )\n"));
        Ctl.Result start = ctl.run("start");
        assertEquals(0, start.exitCode(), start.toString());
        PhpSite.answeringPhpCgi(site.port(), PhpSite.PHP_PATH);
        long first = ctl.pidfilePid();
        Ctl.Result graceful = ctl.run("graceful");
        assertEquals(0, graceful.exitCode(), graceful.toString());
        assertTrue(graceful.out().contains("using a sequenced restart: ") && graceful.out().contains("ambiguously"),
                graceful.toString());
        assertTrue(ctl.pidfilePid() != first);
        PhpSite.answeringPhpCgi(site.port(), PhpSite.PHP_PATH);
        assertEquals(0, ctl.run("stop").exitCode());
    }

    /**
     * Finding 8: a fastcgi.server value spanning two lines (a string holding a newline). --strategy in-place
     * rewrote the wrapper with the second line left over; lighttpd exited on SIGUSR1 and the tool reported success.
     */
    @Test
    void anInPlaceRestartWithAMultiLineValueKeepsTheServerUp() throws Exception {
        Path dir = PhpSite.socketDir(site);
        ctl = ctl.withConfig(PhpSite.render(site, "fastcgi.server := ( \".php\" => ( ( \"bin-path\" =>"
                + " \"/usr/bin/php-cgi\", \"socket\" => \"" + dir + "/php.socket\", \"max-procs\" => 1,"
                + " \"bin-environment\" => ( \"PHP_FCGI_CHILDREN\" => \"2\", \"NOTE\" => \"two\nlines\" ),"
                + " \"broken-scriptfilename\" => \"enable\" ) ) )\n"));
        assertEquals(0, ctl.run("start").exitCode());
        long pid = ctl.pidfilePid();
        PhpSite.answeringPhpCgi(site.port(), PhpSite.PHP_PATH);
        Path errorLog = site.root().resolve("logs/error.log");
        long startsBefore = serverStartedLines(errorLog);

        Ctl.Result inPlace = ctl.run("graceful", "--strategy", "in-place");
        assertEquals(0, inPlace.exitCode(), inPlace.toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (Processes.isAlive(pid) && serverStartedLines(errorLog) == startsBefore && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Processes.isAlive(pid), "lighttpd exited on re-reading its wrapper:\n" + Files.readString(errorLog));
        assertTrue(serverStartedLines(errorLog) > startsBefore, "lighttpd re-read its configuration");
        assertEquals(pid, ctl.pidfilePid());
        PhpSite.answeringPhpCgi(site.port(), PhpSite.PHP_PATH);
        assertEquals(0, ctl.run("stop").exitCode());
    }

    private static long serverStartedLines(Path errorLog) throws IOException {
        return Files.exists(errorLog) ? Files.readAllLines(errorLog).stream()
                .filter(l -> l.contains("server started")).count() : 0;
    }
}
