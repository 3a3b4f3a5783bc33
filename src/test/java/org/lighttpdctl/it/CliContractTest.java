package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The command-line contract scripts depend on: actions, options, messages and LSB exit codes for bad input. */
class CliContractTest extends SiteTest {

    @Test
    void noActionIsAnArgumentError() {
        Ctl.Result result = Ctl.runBare();
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("missing ACTION"), result.toString());
    }

    @Test
    void unknownActionIsAnArgumentError() {
        Ctl.Result result = Ctl.runBare("frobnicate");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("frobnicate"), result.toString());
    }

    @Test
    void unknownOptionIsAnArgumentError() {
        Ctl.Result result = ctl.run("start", "--no-such-option");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("--no-such-option"), result.toString());
    }

    @Test
    void helpListsEveryActionAndVersionPrints() {
        Ctl.Result help = Ctl.runBare("--help");
        assertEquals(0, help.exitCode(), help.toString());
        for (String action : new String[] {"start", "stop", "restart", "graceful", "reload", "force-reload",
                "status", "configtest", "reopen-logs"}) {
            assertTrue(help.out().contains(action), action + " missing from\n" + help);
        }
        Ctl.Result version = Ctl.runBare("--version");
        assertEquals(0, version.exitCode(), version.toString());
        assertTrue(version.out().matches("lighttpdctl \\d+\\.\\d+\\.\\d+.*\\n"), version.toString());
    }

    @Test
    void missingConfigIsNotConfigured() {
        Path missing = site.root().resolve("nope.conf");
        Ctl.Result result = ctl.withConfig(missing).run("start");
        assertEquals(6, result.exitCode(), result.toString());
        assertTrue(result.err().contains("cannot read configuration " + missing + ": No such file or directory"),
                result.toString());
    }

    @Test
    void brokenConfigIsNotConfiguredWithLighttpdsOwnMessage() {
        for (String action : new String[] {"start", "configtest", "graceful", "restart"}) {
            Ctl.Result result = ctl.withConfig(site.brokenConfig("syntax-error")).run(action);
            assertEquals(6, result.exitCode(), action + ": " + result);
            assertTrue(result.err().contains("configfile.c") || result.err().contains("source:"),
                    "lighttpd's own error lines expected: " + result);
        }
        Ctl.Result unknownModule = ctl.withConfig(site.brokenConfig("unknown-module")).run("configtest");
        assertEquals(6, unknownModule.exitCode(), unknownModule.toString());
        assertTrue(ctl.lighttpdProcesses().isEmpty(), "nothing may have been started");
    }

    @Test
    void missingDaemonIsNotInstalled() {
        Ctl.Result result = ctl.run("start", "--daemon", site.root().resolve("no-lighttpd").toString());
        assertEquals(5, result.exitCode(), result.toString());
        assertTrue(result.err().contains("no-lighttpd: not installed"), result.toString());
    }

    @Test
    void actionsThatNeedARunningServerSayNotRunning() {
        for (String action : new String[] {"graceful", "reload", "force-reload", "reopen-logs"}) {
            Ctl.Result result = ctl.run(action);
            assertEquals(7, result.exitCode(), action + ": " + result);
            assertTrue(result.err().contains("not running"), result.toString());
        }
    }

    @Test
    void configtestPasses() {
        Ctl.Result result = ctl.run("configtest");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("Syntax OK"), result.toString());
    }

    @Test
    void statusOfAStoppedServerIsThree() {
        Ctl.Result result = ctl.run("status");
        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.out().contains("not running"), result.toString());
    }

    @Test
    void unwritableStateDirIsReported() throws Exception {
        Path file = site.root().resolve("not-a-dir");
        Files.writeString(file, "x");
        Ctl.Result result = ctl.run("start", "--state-dir", file.toString());
        // Refused by the trust check on the state directory, before anything is done (exit 6, not configured).
        assertEquals(6, result.exitCode(), result.toString());
        assertTrue(result.err().contains("cannot use state directory ") && result.err().contains(file
                + " is not a directory"), result.toString());
        assertTrue(ctl.lighttpdProcesses().isEmpty(), "nothing may have been started");
    }

    /**
     * A lighttpd whose -p prints a form the parser does not know (here: the real output with one assignment
     * operator changed) makes the actions exit 6 naming the line, never an internal error; status says unknown (4).
     */
    @Test
    void unknownLighttpdDashPOutputIsNotConfiguredNamingTheLine() throws Exception {
        Path future = site.root().resolve("lighttpd-future");
        Files.writeString(future, """
                #!/bin/sh
                if [ "$1" = "-p" ]; then
                    /usr/sbin/lighttpd "$@" | sed 's/^\\(    server.document-root *\\) = /\\1 ?= /'
                    exit 0
                fi
                exec /usr/sbin/lighttpd "$@"
                """);
        future.toFile().setExecutable(true);
        for (String action : new String[] {"start", "restart", "graceful"}) {
            Ctl.Result result = ctl.run(action, "--daemon", future.toString());
            assertEquals(6, result.exitCode(), action + ": " + result);
            assertTrue(result.err().matches("(?s).*cannot read the output of lighttpd -p: line \\d+: "
                    + "unexpected character '\\?': server.document-root +\\?= .*"), action + ": " + result);
            assertTrue(!result.err().contains("Exception"), "no internal error: " + result);
        }
        // status still answers from the verified records (nothing runs: 3), warning with the same line
        Ctl.Result status = ctl.run("status", "--daemon", future.toString());
        assertEquals(3, status.exitCode(), status.toString());
        assertTrue(status.err().contains("warning: cannot read the output of lighttpd -p: line "), status.toString());
        assertTrue(ctl.lighttpdProcesses().isEmpty(), "nothing may have been started");
    }
}
