package org.lighttpdctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The fast command line ({@link ActionLine}) against the annotated one, the contract: the same options with the same
 * arity for every action, and the same values parsed into the commands.
 */
@org.junit.jupiter.api.Tag("unit") // pure: neither root nor lighttpd (make test-unit)
class ActionLineTest {
    private static final List<String> ACTIONS = List.of("start", "stop", "restart", "graceful", "reload",
            "force-reload", "status", "configtest", "reopen-logs");

    @Test
    void everyActionAcceptsTheSameOptionsWithTheSameArityAsItsAnnotatedCommand() {
        for (String action : ACTIONS) {
            assertEquals(shape(annotated(action).getCommandSpec()), shape(ActionLine.spec(action)), action);
        }
    }

    @Test
    void theParsedValuesAreThoseTheAnnotatedCommandParses() {
        String[] args = {"-f", "/etc/a.conf", "--daemon", "/opt/lighttpd", "--pidfile", "/run/a.pid", "--state-dir",
            "/run/x", "--timeout", "7", "--lock-timeout", "8", "-q", "-v", "--config", "/etc/b.conf"};
        for (String action : ACTIONS) {
            assertEquals(describe(annotatedParse(action, args)), describe(fastParse(action, args)), action);
        }
        assertEquals(describe(annotatedParse("status", new String[] {"--json"})),
                describe(fastParse("status", new String[] {"--json"})));
        String[] replace = {"--strategy", "sequenced", "--drain-timeout", "9", "--wait"};
        assertEquals(describe(annotatedParse("reload", replace)), describe(fastParse("reload", replace)));
        String[] restart = {"--strategy", "in-place", "--hard"};
        assertEquals(describe(annotatedParse("restart", restart)), describe(fastParse("restart", restart)));
        assertEquals(describe(annotatedParse("stop", new String[0])), describe(fastParse("stop", new String[0])));
    }

    @Test
    void helpVersionAndEveryArgumentErrorAreLeftToTheAnnotatedCommand() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"-V"}, new String[] {"--bogus"},
                new String[] {"--timeout", "soon"}, new String[] {"extra"}, new String[] {"--config"})) {
            assertTrue(ActionLine.parse("graceful", args).isEmpty(), String.join(" ", args));
        }
    }

    @Test
    void gracefulKnowsTheNameItWasInvokedBy() {
        Actions.Graceful reload = (Actions.Graceful) fastParse("reload", new String[0]);
        assertEquals("lighttpdctl reload", reload.spec.commandLine().getCommandName());
    }

    private static CommandLine annotated(String action) {
        Object command = switch (action) {
            case "start" -> new Actions.Start();
            case "stop" -> new Actions.Stop();
            case "restart" -> new Actions.Restart();
            case "graceful", "reload", "force-reload" -> new Actions.Graceful();
            case "status" -> new Actions.Status();
            case "configtest" -> new Actions.ConfigTest();
            default -> new Actions.ReopenLogs();
        };
        return new CommandLine(command).setOverwrittenOptionsAllowed(true);
    }

    private static ActionCommand annotatedParse(String action, String[] args) {
        CommandLine line = annotated(action);
        line.parseArgs(args);
        return line.getCommand();
    }

    private static ActionCommand fastParse(String action, String[] args) {
        return ActionLine.parse(action, args).orElseThrow();
    }

    /** Option name to its arity and whether it is help, per option. */
    private static Map<String, String> shape(CommandSpec spec) {
        Map<String, String> shape = new TreeMap<>();
        for (OptionSpec option : spec.options()) {
            shape.put(String.join(",", option.names()), option.arity() + (option.usageHelp() ? " usage"
                    : option.versionHelp() ? " version" : ""));
        }
        return shape;
    }

    /** Everything an action reads from its command line. */
    private static String describe(ActionCommand command) {
        String common = command.options.settings() + " quiet=" + command.options.quiet + " verbose="
                + command.options.verbose;
        if (command instanceof Actions.Status status) {
            return common + " json=" + status.json;
        }
        if (command instanceof Actions.Graceful graceful) {
            return common + " " + graceful.replace.toOptions(graceful.waitForDrain);
        }
        if (command instanceof Actions.Restart restart) {
            return common + " " + restart.replace.toOptions(true) + " hard=" + restart.hard;
        }
        return common + " " + command.getClass().getSimpleName();
    }
}
