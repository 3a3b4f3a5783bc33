package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lighttpdctl.testing.Lighttpd;

/**
 * Issue 14, finding 1, as an attacker would drive it: root's lighttpdctl is given a state directory that does not
 * exist yet in a sticky directory anyone can write (/tmp's layout). The attacker, user nobody, watches /proc for
 * lighttpdctl's `lighttpd -tt` (which runs after the trust check), creates the state directory then, lets root
 * create its instance directory inside it, and swaps that with its own (renameat2 RENAME_EXCHANGE) the moment
 * root's wrapper appears, over and over: root's lighttpd would read the attacker's include_shell. lighttpdctl
 * never creates a missing directory inside one others can write, so the attack finds nothing to take over.
 */
class StateDirectoryRaceTest extends SiteTest {
    private static final int ATTEMPTS = 3;
    private Path sticky;
    private Path attacker;

    @BeforeEach
    void stickyDirectoryAndAttacker() throws Exception {
        assertEquals("root", System.getProperty("user.name"), "the attack is against root: run the tests as root");
        run("chmod", "0755", site.root().toString()); // nobody must reach the sticky directory
        sticky = Files.createDirectory(site.root().resolve("sticky"));
        run("chmod", "1777", sticky.toString());
        attacker = site.root().resolve("state_swap");
        run("gcc", "-O2", "-o", attacker.toString(), Path.of("target/test-classes/attacks/state_swap.c").toString());
    }

    @Test
    void aMissingStateDirectoryInAStickyDirectoryIsNeverCreatedSoTheSwapFindsNothing() throws Exception {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String name = "state" + attempt;
            Path marker = sticky.resolve("pwned" + attempt);
            Process attack = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    attacker.toString(), sticky.toString(), name, site.config().toString(), marker.toString(), "30")
                    .redirectErrorStream(true).redirectOutput(site.root().resolve("attack" + attempt).toFile())
                    .start();
            Ctl.Result start = ctl.run("start", "--state-dir", sticky.resolve(name).toString());
            attack.destroy();
            assertTrue(attack.waitFor(10, TimeUnit.SECONDS));
            String said = Files.readString(site.root().resolve("attack" + attempt));
            assertFalse(Files.exists(marker), "the attacker's include_shell ran as root (attempt " + attempt + "): "
                    + said + start);
            assertEquals(6, start.exitCode(), start + "\nattacker: " + said);
            assertTrue(start.err().contains("cannot use state directory " + sticky.resolve(name)), start.toString());
            assertTrue(start.err().contains("does not exist, and lighttpdctl does not create it in " + sticky
                    + ", which others can write"), start.toString());
            assertEquals(List.of(), ctl.lighttpdProcesses());
            assertFalse(Lighttpd.accepts(site.port()));
        }
    }

    /** The legitimate use: a state directory root created beforehand in the sticky directory is used. */
    @Test
    void aRootOwnedStateDirectoryInAStickyDirectoryWorks() throws Exception {
        Path state = Files.createDirectory(sticky.resolve("prepared"));
        run("chmod", "0755", state.toString());
        Ctl.Result start = ctl.run("start", "--state-dir", state.toString());
        assertEquals(0, start.exitCode(), start.toString());
        assertTrue(Lighttpd.accepts(site.port()));
        assertEquals(0, ctl.run("stop", "--state-dir", state.toString()).exitCode());
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command));
    }
}
