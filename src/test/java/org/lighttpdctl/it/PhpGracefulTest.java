package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lighttpdctl.testing.LoadClient;
import org.lighttpdctl.testing.LoadReport;
import org.lighttpdctl.testing.PhpSite;
import org.lighttpdctl.testing.Processes;

/**
 * PHP enabled the Debian way (Debian's 10-fastcgi.conf and 15-fastcgi-php.conf: a php-cgi that lighttpd spawns
 * itself through bin-path, on a unix socket; only the socket directory is per test, see {@link PhpSite}).
 * graceful, reload and restart under load on a static page and the PHP page lose nothing (slow downloads in flight
 * across the restart included), PHP answers throughout and after the old generation and its php-cgi have gone, and
 * only the new generation's php-cgi is left. Each generation has its own php-cgi socket ({@code php.socket.gN-0}),
 * so the two overlap: the restart is a handoff.
 */
class PhpGracefulTest extends SiteTest {
    private static final Duration WINDOW = Duration.ofSeconds(6);
    /** Past the sample's 10 s drain: what the old generation's exit would break shows by then. */
    private static final Duration AFTER = Duration.ofSeconds(12);

    @BeforeEach
    void enablePhp() throws IOException {
        ctl = ctl.withConfig(PhpSite.render(site, ""));
    }

    @AfterEach
    void endPhpCgi() {
        // lighttpd ends the php-cgi it spawned when it exits; a generation killed outright leaves them behind.
        Processes.terminateAllMentioning(site.root(), Duration.ofSeconds(5));
        PhpSite.phpCgiProcesses(site).keySet().forEach(pid -> Processes.terminate(pid, Duration.ofSeconds(5)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"graceful", "reload", "restart"})
    void phpKeepsAnsweringAcrossTheRestart(String action) {
        assertEquals(0, ctl.run("start").exitCode());
        long old = ctl.pidfilePid();
        PhpSite.answeringPhpCgi(site.port(), PhpSite.PHP_PATH);
        Map<Long, String> oldPhp = PhpSite.phpCgiProcesses(site);
        assertTrue(!oldPhp.isEmpty(), "the first generation must have spawned php-cgi");

        LoadClient php = LoadClient.forPort(site.port()).path(PhpSite.PHP_PATH).workers(2).downloads(0)
                .deadline(Duration.ofSeconds(60)).build();
        AtomicReference<Ctl.Result> result = new AtomicReference<>();
        php.start();
        LoadReport statics;
        LoadReport phpLoad;
        try {
            statics = withDownloads().runWindow(WINDOW, () -> php.disturb(() -> result.set(ctl.run(action))));
        } finally {
            phpLoad = php.stop();
        }
        long restarted = System.nanoTime();

        assertEquals(0, result.get().exitCode(), result.get().toString());
        assertTrue(result.get().out().startsWith(action + ": handoff, PID " + old), result.get().toString());
        if (action.equals("restart")) {
            GracefulTest.assertNoFailures(statics); // restart returns after the drain: no download spans all of it
        } else {
            GracefulTest.assertLossless(statics);
        }
        assertEquals(0, phpLoad.failures(), "PHP: " + phpLoad + "\n" + result.get());
        assertTrue(statics.requests() > 100 && phpLoad.requests() > 20, statics + "\n" + phpLoad);
        long fresh = ctl.pidfilePid();
        assertNotEquals(old, fresh);

        assertTrue(Processes.awaitDeath(old, Duration.ofSeconds(30)), "the old generation must finish draining");
        for (long pid : oldPhp.keySet()) {
            assertTrue(Processes.awaitDeath(pid, Duration.ofSeconds(10)), "old php-cgi " + pid + " " + oldPhp.get(pid)
                    + " must end with its generation");
        }
        awaitElapsed(restarted, AFTER);
        Map<Long, String> nowPhp = PhpSite.phpCgiProcesses(site);
        for (int i = 0; i < 5; i++) {
            long answeredBy = PhpSite.answeringPhpCgi(site.port(), PhpSite.PHP_PATH);
            assertTrue(nowPhp.containsKey(answeredBy), "PHP answered by " + answeredBy + ", not one of the new"
                    + " generation's php-cgi " + nowPhp + "\n" + result.get());
        }
        assertTrue(!nowPhp.isEmpty(), "the new generation's php-cgi must run");
        String ownSocket = PhpSite.socketDir(site) + "/php.socket.g2-0";
        assertTrue(nowPhp.values().stream().allMatch(ownSocket::equals), nowPhp + " must all serve " + ownSocket);
        assertEquals(List.of("php.socket.g2-0"), socketFiles(), "the old generation removed only its own socket");
        assertEquals(List.of(fresh), ctl.lighttpdProcesses(), "only the new generation may be left");
    }

    /**
     * A bin-path backend inside a conditional block cannot be given per-generation sockets: the generations must
     * not overlap. lighttpdctl holds the listening sockets while the old one drains and exits with its php-cgi:
     * clients wait in the kernel's queue (the output says how long), none is refused.
     */
    @org.junit.jupiter.api.Test
    void aBinPathInsideAConditionalTakesTheLosslessSequencedPath() throws IOException {
        ctl = ctl.withConfig(conditionalPhp());
        assertEquals(0, ctl.run("start").exitCode());
        long old = ctl.pidfilePid();
        PhpSite.answeringPhpCgi(site.port(), "/cond" + PhpSite.PHP_PATH);
        Map<Long, String> oldPhp = PhpSite.phpCgiProcesses(site);
        AtomicReference<Ctl.Result> result = new AtomicReference<>();
        LoadReport statics = staticLoad().runWindow(WINDOW, () -> result.set(ctl.run("graceful")));

        assertEquals(0, result.get().exitCode(), result.get().toString());
        assertTrue(result.get().out().matches("(?s).*using a sequenced restart: .*bin-path.*\\ngraceful: sequenced, "
                + "PID " + old + " -> PID \\d+, ready in \\d+ ms, new clients waited in the listen queue for up to "
                + "\\d+ ms while the old generation drained \\(none refused\\)\\n"), result.get().toString());
        assertEquals(0, statics.failures(), statics + "\n" + result.get());
        assertTrue(statics.requests() > 100, statics.toString());
        assertTrue(oldPhp.keySet().stream().noneMatch(Processes::isAlive), "the old php-cgi must have ended first");
        PhpSite.answeringPhpCgi(site.port(), "/cond" + PhpSite.PHP_PATH);
        assertEquals(List.of(ctl.pidfilePid()), ctl.lighttpdProcesses());
    }

    /**
     * On the sequenced path the old generation is gone before the new one starts: a new one that fails leaves
     * nothing serving, and that must never be reported as success.
     */
    @org.junit.jupiter.api.Test
    void aSequencedRestartThatEndsWithNothingServingFails() throws IOException {
        assertEquals(0, ctl.run("start").exitCode());
        try (java.net.ServerSocket squatter = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            java.nio.file.Files.writeString(site.config(), "\n$SERVER[\"socket\"] == \"127.0.0.1:"
                    + squatter.getLocalPort() + "\" { }\n", java.nio.file.StandardOpenOption.APPEND);
            Ctl.Result result = ctl.run("graceful", "--strategy", "sequenced");
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.err().contains("Address already in use") && result.err().contains("NOTHING SERVES"),
                    result.toString());
        }
    }

    /** Debian's PHP block moved inside a conditional: only URLs under /cond/ reach php-cgi. */
    private java.nio.file.Path conditionalPhp() throws IOException {
        java.nio.file.Path docroot = site.docroot().resolve("cond");
        java.nio.file.Files.createDirectories(docroot);
        java.nio.file.Files.copy(site.docroot().resolve("index.php"), docroot.resolve("index.php"));
        String debian = java.nio.file.Files.readString(site.root().resolve("15-fastcgi-php.conf"));
        java.nio.file.Path config = site.root().resolve("php-cond.conf");
        java.nio.file.Files.writeString(config, "include \"" + site.config() + "\"\n"
                + "include \"" + PhpSite.DEBIAN_FASTCGI + "\"\n"
                + "static-file.exclude-extensions = ( \".php\" )\n"
                + "$HTTP[\"url\"] =~ \"^/cond/\" {\n" + debian.replace("fastcgi.server +=", "fastcgi.server =")
                + "\n}\n");
        return config;
    }

    /**
     * The old generation's exit is the condition (waited for above with a bound); this only tops the wait up to
     * {@code length} since the restart, so PHP is checked past the drain even when the old generation went early.
     */
    private static void awaitElapsed(long since, Duration length) {
        long left = length.toNanos() - (System.nanoTime() - since);
        if (left > 0) {
            Processes.sleep(Duration.ofNanos(left));
        }
    }

    /**
     * In place (SIGUSR1), the serving generation re-reads its wrapper: the php-cgi settings must be the
     * configuration's as it is now. PHP_FCGI_CHILDREN 4 -> 2: one php-cgi parent and 2 children afterwards.
     */
    @org.junit.jupiter.api.Test
    void anInPlaceRestartAppliesTheEditedBackendConfiguration() throws IOException {
        assertEquals(0, ctl.run("start").exitCode());
        awaitPhpCgiCount(5); // the php-cgi parent forks its 4 children after lighttpd's start
        java.util.Set<Long> before = PhpSite.phpCgiProcesses(site).keySet();
        java.nio.file.Path php = site.root().resolve("15-fastcgi-php.conf");
        java.nio.file.Files.writeString(php, java.nio.file.Files.readString(php)
                .replace("\"PHP_FCGI_CHILDREN\" => \"4\"", "\"PHP_FCGI_CHILDREN\" => \"2\""));
        Ctl.Result result = ctl.run("graceful", "--strategy", "in-place");
        assertEquals(0, result.exitCode(), result.toString());
        for (long pid : before) { // the count passes through 3 while the old ones end: wait for them first
            assertTrue(Processes.awaitDeath(pid, Duration.ofSeconds(20)), "php-cgi " + pid + " of the old settings");
        }
        awaitPhpCgiCount(3); // then the new php-cgi forks its 2 children
        PhpSite.answeringPhpCgi(site.port(), PhpSite.PHP_PATH);
    }

    /**
     * The tool SIGKILLed after each step of a graceful in turn, each time followed by another graceful: once the
     * generations that were told to drain have gone, exactly one php-cgi socket is left, the serving generation's,
     * and its php-cgi answers.
     */
    @org.junit.jupiter.api.Test
    void aToolKilledAtAnyStepLeavesNoStrayBackendSocket() throws Exception {
        assertEquals(0, ctl.run("start").exitCode());
        List<org.lighttpdctl.Checkpoint> steps = java.util.Arrays.stream(org.lighttpdctl.Checkpoint.values())
                .filter(c -> c != org.lighttpdctl.Checkpoint.LOCKED).toList();
        List<String> problems = new java.util.ArrayList<>();
        for (org.lighttpdctl.Checkpoint step : steps) {
            Process tool = ctl.start(Map.of(org.lighttpdctl.Console.PAUSE_VARIABLE, step.name()), "graceful", "-v");
            StartStopStatusTest.awaitLine(tool, "paused at checkpoint " + step.name());
            tool.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            Ctl.Result next = ctl.run("graceful");
            if (next.exitCode() != 0) {
                problems.add("after a kill at '" + step + "': " + next);
            }
        }
        assertEquals(List.of(), problems);
        long serving = ctl.pidfilePid();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((ctl.lighttpdProcesses().size() > 1 || socketFiles().size() > 1) && System.nanoTime() < deadline) {
            Processes.sleep(Duration.ofMillis(100));
        }
        assertEquals(List.of(serving), ctl.lighttpdProcesses());
        assertEquals(1, socketFiles().size(), socketFiles().toString());
        long answeredBy = PhpSite.answeringPhpCgi(site.port(), PhpSite.PHP_PATH);
        assertEquals(PhpSite.socketDir(site) + "/" + socketFiles().get(0), PhpSite.phpCgiProcesses(site).get(answeredBy));
    }

    /**
     * A lighttpd killed outright leaves its php-cgi socket behind (its php-cgi too: they are ended by the test's
     * cleanup); the next call removes the socket under its lock.
     */
    @org.junit.jupiter.api.Test
    void socketsOfAKilledGenerationAreRemovedByTheNextCall() throws IOException {
        assertEquals(0, ctl.run("start").exitCode());
        assertEquals(List.of("php.socket.g1-0"), socketFiles());
        long killed = ctl.pidfilePid();
        java.util.Set<Long> orphans = PhpSite.phpCgiProcesses(site).keySet();
        Processes.signal(killed, "KILL");
        assertTrue(Processes.awaitDeath(killed, Duration.ofSeconds(10)));
        assertEquals(List.of("php.socket.g1-0"), socketFiles(), "SIGKILL leaves the socket");

        Ctl.Result start = ctl.run("start", "-v");
        assertEquals(0, start.exitCode(), start.toString());
        assertTrue(start.err().contains("removed backend socket " + PhpSite.socketDir(site) + "/php.socket.g1-0"),
                start.toString());
        assertEquals(1, socketFiles().size(), socketFiles().toString());
        long answeredBy = PhpSite.answeringPhpCgi(site.port(), PhpSite.PHP_PATH);
        assertTrue(!orphans.contains(answeredBy), "PHP must be answered by the new generation's own php-cgi, not by"
                + " the killed one's (" + orphans + "): " + answeredBy);
    }

    private void awaitPhpCgiCount(int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (PhpSite.phpCgiProcesses(site).size() != expected && System.nanoTime() < deadline) {
            Processes.sleep(Duration.ofMillis(50));
        }
        assertEquals(expected, PhpSite.phpCgiProcesses(site).size(), PhpSite.phpCgiProcesses(site).toString());
    }

    private List<String> socketFiles() {
        try {
            return PhpSite.socketFiles(site);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** As GracefulTest's load: 12 s downloads outlast the call and end within the sample's 10 s drain. */
    private LoadClient withDownloads() {
        return LoadClient.forPort(site.port()).downloadDuration(Duration.ofSeconds(12))
                .deadline(Duration.ofSeconds(60)).build();
    }

    private LoadClient staticLoad() {
        return LoadClient.forPort(site.port()).downloads(0).deadline(Duration.ofSeconds(60)).build();
    }
}
