package org.lighttpdctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
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
            assertEquals(shape(annotated(action).getCommandSpec()), shape(ActionLine.options(action)), action);
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
                new String[] {"--timeout", "soon"}, new String[] {"extra"}, new String[] {"--config"},
                new String[] {"-h"}, new String[] {"--version"}, new String[] {"--wait=true"},
                new String[] {"--", "-q"}, new String[] {"@/etc/args"}, new String[] {"-f", "@/etc/args"})) {
            assertTrue(ActionLine.parse("graceful", args).isEmpty(), String.join(" ", args));
        }
    }

    @Test
    void gracefulKnowsTheNameItWasInvokedBy() {
        for (String action : List.of("graceful", "reload", "force-reload")) {
            assertEquals(action, ((Actions.Graceful) fastParse(action, new String[0])).invokedAs());
            CommandLine line = annotated(action).setCommandName("lighttpdctl " + action);
            line.parseArgs();
            assertEquals(action, ((Actions.Graceful) line.getCommand()).invokedAs());
        }
    }

    /**
     * The forms the loop takes or leaves: for each command line it either parses what the annotated command parses,
     * or leaves it (empty) to that command; never a different value, never an exception.
     */
    @Test
    void everyCommandLineTheLoopTakesParsesAsPicocliParsesIt() {
        List<String[]> lines = List.of(
                new String[] {"--config=/etc/c.conf", "--timeout=5", "--state-dir=/run/s"},
                new String[] {"-f=/etc/c.conf"}, new String[] {"-f/etc/c.conf"}, new String[] {"-qv"},
                new String[] {"-f", "-q"}, new String[] {"--config", "--quiet"}, new String[] {"--timeout", "010"},
                new String[] {"--timeout", "+5"}, new String[] {"--timeout", "-5"}, new String[] {"--timeout", "0"},
                new String[] {"--timeout", "99999999999"}, new String[] {"--timeout", "999999999"},
                new String[] {"--lock-timeout", "0x10"}, new String[] {"--config="}, new String[] {"-f", ""},
                new String[] {"-f", "a b", "-q", "-q", "--verbose"}, new String[] {"--json", "--json"},
                new String[] {"--strategy", "handoff", "--drain-timeout", "3"}, new String[] {"--hard", "--wait"},
                new String[] {"--drain-timeout=12", "--strategy=sequenced"}, new String[] {"--daemon=/x=y"},
                new String[] {"-F", "/etc/c.conf"}, new String[] {"--CONFIG", "/etc/c.conf"},
                new String[] {"--conf", "/etc/c.conf"}, new String[] {"-f", "/a", "-f", "/b"});
        for (String action : ACTIONS) {
            for (String[] args : lines) {
                Optional<ActionCommand> fast = ActionLine.parse(action, args);
                if (fast.isPresent()) {
                    assertEquals(describe(annotatedParse(action, args)), describe(fast.get()),
                            action + " " + String.join(" ", args));
                }
            }
        }
        // the plain forms are taken, not left to picocli
        assertTrue(ActionLine.parse("status", lines.get(0)).isPresent());
        assertTrue(ActionLine.parse("graceful", lines.get(18)).isEmpty());
        assertTrue(ActionLine.parse("graceful", lines.get(19)).isPresent());
        assertTrue(ActionLine.parse("graceful", new String[] {"--drain-timeout=12", "--strategy=sequenced"})
                .isPresent());
    }

    private static CommandLine annotated(String action) {
        return new CommandLine(LighttpdctlCommand.annotated(action)).setOverwrittenOptionsAllowed(true);
    }

    private static ActionCommand annotatedParse(String action, String[] args) {
        CommandLine line = annotated(action);
        line.parseArgs(args);
        return line.getCommand();
    }

    private static ActionCommand fastParse(String action, String[] args) {
        return ActionLine.parse(action, args).orElseThrow();
    }

    /** Each option name to its arity and kind of value; help and version left out (picocli answers them). */
    private static Map<String, String> shape(CommandSpec spec) {
        Map<String, String> shape = new TreeMap<>();
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            Class<?> type = option.type();
            String kind = option.arity().max() == 0 ? "flag"
                    : type == int.class || type == Integer.class ? "number" : "text";
            for (String name : option.names()) {
                shape.put(name, option.arity() + " " + kind);
            }
        }
        return shape;
    }

    private static Map<String, String> shape(Map<String, ActionLine.Kind> options) {
        Map<String, String> shape = new TreeMap<>();
        options.forEach((name, kind) -> shape.put(name, switch (kind) {
            case FLAG -> "0 flag";
            case NUMBER -> "1 number";
            case TEXT -> "1 text";
        }));
        return shape;
    }

    /** Everything an action reads from its command line. */
    private static String describe(ActionCommand command) {
        String common = settings(command) + " quiet=" + command.options.quiet + " verbose="
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

    /** The settings, or the action's own refusal of them (exit 2) for a value out of range. */
    private static String settings(ActionCommand command) {
        try {
            return command.options.settings().toString();
        } catch (IllegalArgumentException e) {
            return "refused: " + e.getMessage();
        }
    }
}
