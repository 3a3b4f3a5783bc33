package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Issue 14, smaller findings: after a failed start lighttpdctl shows what lighttpd wrote to its error log, which
 * lies in a directory the server user owns (Debian: www-data's /var/log/lighttpd). That user, here nobody, flips
 * error.log between a link to an empty file (when the tool notes the log's length) and a link to a root-only file
 * (when it reads what was appended): root printed the root-only file. The log is now opened without following
 * links and must be a regular file of root or server.username.
 */
class ErrorLogLinkTest extends SiteTest {
    private static final int TRIES = 20;
    private static final String SECRET = "SECRET-ROOT-ONLY";
    private static final String FLIPPER = String.join("\n",
            "import os, sys, time",
            "log, secret, end = sys.argv[1], sys.argv[2], time.time() + float(sys.argv[3])",
            "i = 0",
            "while time.time() < end:",
            "    tmp = log + '.%d' % i",
            "    os.symlink('/dev/null' if i % 2 else secret, tmp)",
            "    os.rename(tmp, log)",
            "    i += 1",
            "    time.sleep(0.0005)");

    @Test
    void aLinkPlantedAsTheErrorLogIsNeverFollowed() throws Exception {
        Files.setPosixFilePermissions(site.root(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path logs = site.errorLog().getParent();
        Files.createDirectories(logs);
        Files.deleteIfExists(site.errorLog());
        Files.setAttribute(logs, "unix:uid", 65534);
        Path secret = Files.writeString(site.root().resolve("secret"), (SECRET + "\n").repeat(20));
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Process flipper = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "/usr/bin/python3", "-c", FLIPPER, site.errorLog().toString(), secret.toString(), "120")
                .redirectErrorStream(true).redirectOutput(site.root().resolve("flipper.out").toFile()).start();
        try (ServerSocket taken = new ServerSocket(site.port(), 5, InetAddress.getByName("127.0.0.1"))) {
            for (int i = 0; i < TRIES; i++) {
                Ctl.Result start = ctl.run("start");
                assertNotEquals(0, start.exitCode(), "the port is taken: " + start);
                assertFalse(start.err().contains(SECRET), "root printed a root-only file (try " + i + "): " + start);
            }
            assertTrue(flipper.isAlive(), "the attacker kept flipping: " + Files.readString(
                    site.root().resolve("flipper.out")));
        } finally {
            flipper.destroy();
            flipper.waitFor(10, TimeUnit.SECONDS);
        }
        assertEquals(SECRET + "\n", Files.readAllLines(secret).get(0) + "\n");
    }
}
