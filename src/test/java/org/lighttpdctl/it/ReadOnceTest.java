package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lighttpdctl.testing.PhpSite;
import org.lighttpdctl.testing.Processes;

/**
 * One graceful reads the configuration through lighttpd -p once and lists the machine's listening sockets once,
 * counted in its -v step log (each run of lighttpd and each listing is a step): with PHP the Debian way, whose
 * per-generation backend sockets once made it run lighttpd -p on the configuration three times, and on a plain
 * site. The one other -p is of the new generation's wrapper, which is a different file (BackendOverrideCheck).
 */
class ReadOnceTest extends SiteTest {

    @AfterEach
    void endPhpCgi() {
        PhpSite.phpCgiProcesses(site).keySet().forEach(pid -> Processes.terminate(pid, Duration.ofSeconds(5)));
    }

    @Test
    void aGracefulWithPhpRunsLighttpdPOnceOnTheConfigurationAndListsListenersOnce() throws IOException {
        Path config = PhpSite.render(site, "");
        ctl = ctl.withConfig(config);
        assertEquals(0, ctl.run("start").exitCode());
        Ctl.Result graceful = ctl.run("graceful", "-v");
        assertEquals(0, graceful.exitCode(), graceful.toString());
        assertEquals(1, steps(graceful, "ran lighttpd -p -f " + config + " ").size(), graceful.toString());
        assertEquals(1, steps(graceful, "ran lighttpd -tt -f " + config + " ").size(), graceful.toString());
        assertEquals(1, steps(graceful, "ran lighttpd -p -f ").size() - 1, "one -p of the wrapper: " + graceful);
        assertEquals(1, steps(graceful, "ran lighttpd -v ").size(), graceful.toString());
        assertEquals(1, steps(graceful, "listed ").size(), graceful.toString());
    }

    @Test
    void aPlainGracefulRunsLighttpdPOnceAndListsListenersOnce() {
        assertEquals(0, ctl.run("start").exitCode());
        Ctl.Result graceful = ctl.run("graceful", "-v");
        assertEquals(0, graceful.exitCode(), graceful.toString());
        // (-tt and -p run side by side: their lines come in either order)
        assertEquals(List.of("ran lighttpd -p -f " + site.config(), "ran lighttpd -tt -f " + site.config(),
                "ran lighttpd -v"), steps(graceful, "ran lighttpd ").stream()
                .map(s -> s.substring(0, s.lastIndexOf(" ("))).sorted().toList(), graceful.toString());
        assertEquals(1, steps(graceful, "listed ").size(), graceful.toString());
        // the private probe socket's descriptor is found without a second listing (by /proc/self/fd)
        assertEquals(1, steps(graceful, "new generation answered on its private probe socket").size(),
                graceful.toString());
    }

    /** The -v steps (without their time prefix) that begin with {@code prefix}. */
    private static List<String> steps(Ctl.Result result, String prefix) {
        return result.err().lines().filter(l -> l.startsWith("lighttpdctl: ["))
                .map(l -> l.substring(l.indexOf("] ") + 2)).filter(s -> s.startsWith(prefix)).toList();
    }
}
