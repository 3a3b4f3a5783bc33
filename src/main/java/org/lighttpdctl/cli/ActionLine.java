package org.lighttpdctl.cli;

import java.nio.file.Path;
import java.util.Optional;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The fast path of an action's command line: picocli's model built in code (CommandSpec) instead of by reflection
 * over the annotated commands in {@link Actions} and {@link CommonOptions}, which reads every annotation through
 * dynamic proxies and cost status about 20 ms of CPU (README). It only parses; values go into the same command
 * objects and their defaults, so an action runs exactly as through the annotated command line.
 *
 * <p>The annotated command line stays the contract: it answers whenever this one would have to say something
 * (--help, --version, any error in the arguments), so messages and exit codes have one source. ActionLineTest
 * holds the two to the same options.
 */
final class ActionLine {
    private ActionLine() {
    }

    /**
     * The command for {@code action} with {@code args} parsed into it, or empty when the annotated command line
     * must answer: help or version asked for, or an error in the arguments.
     */
    static Optional<ActionCommand> parse(String action, String[] args) {
        CommandSpec spec = spec(action);
        CommandLine line = new CommandLine(spec);
        // As in the annotated command line: a later option wins.
        line.setOverwrittenOptionsAllowed(true);
        ParseResult parsed;
        try {
            parsed = line.parseArgs(args);
        } catch (ParameterException e) {
            return Optional.empty();
        }
        if (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) {
            return Optional.empty();
        }
        return Optional.of(command(action, parsed, spec));
    }

    /** The options {@code action} accepts: those of {@link CommonOptions} and the action's own. */
    static CommandSpec spec(String action) {
        CommandSpec spec = CommandSpec.create().name("lighttpdctl " + action);
        value(spec, String.class, "-f", "--config");
        value(spec, String.class, "--daemon");
        value(spec, String.class, "--pidfile");
        value(spec, String.class, "--state-dir");
        value(spec, int.class, "--timeout");
        value(spec, int.class, "--lock-timeout");
        flag(spec, "-q", "--quiet");
        flag(spec, "-v", "--verbose");
        switch (action) {
            case "status" -> flag(spec, "--json");
            case "graceful", "reload", "force-reload" -> {
                replaceOptions(spec);
                flag(spec, "--wait");
            }
            case "restart" -> {
                replaceOptions(spec);
                flag(spec, "--hard");
            }
            default -> {
                // start, stop, configtest, reopen-logs: the common options only
            }
        }
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).build());
        return spec;
    }

    private static void replaceOptions(CommandSpec spec) {
        value(spec, String.class, "--strategy");
        value(spec, Integer.class, "--drain-timeout");
    }

    private static void value(CommandSpec spec, Class<?> type, String... names) {
        spec.addOption(OptionSpec.builder(names).type(type).arity("1").build());
    }

    private static void flag(CommandSpec spec, String... names) {
        spec.addOption(OptionSpec.builder(names).type(boolean.class).arity("0").build());
    }

    private static ActionCommand command(String action, ParseResult parsed, CommandSpec spec) {
        ActionCommand command = switch (action) {
            case "start" -> new Actions.Start();
            case "stop" -> new Actions.Stop();
            case "configtest" -> new Actions.ConfigTest();
            case "reopen-logs" -> new Actions.ReopenLogs();
            case "status" -> {
                Actions.Status status = new Actions.Status();
                status.json = parsed.hasMatchedOption("--json");
                yield status;
            }
            case "restart" -> {
                Actions.Restart restart = new Actions.Restart();
                restart.replace = replaceOptions(parsed);
                restart.hard = parsed.hasMatchedOption("--hard");
                yield restart;
            }
            case "graceful", "reload", "force-reload" -> {
                Actions.Graceful graceful = new Actions.Graceful();
                graceful.replace = replaceOptions(parsed);
                graceful.waitForDrain = parsed.hasMatchedOption("--wait");
                graceful.spec = spec; // its name says how it was invoked ("lighttpdctl reload")
                yield graceful;
            }
            default -> throw new IllegalArgumentException("unknown action " + action);
        };
        command.options = commonOptions(parsed);
        return command;
    }

    /** The parsed values over {@link CommonOptions}'s own defaults. */
    private static CommonOptions commonOptions(ParseResult parsed) {
        CommonOptions options = new CommonOptions();
        options.config = path(parsed, "--config", options.config);
        options.daemon = path(parsed, "--daemon", options.daemon);
        options.pidfile = path(parsed, "--pidfile", options.pidfile);
        options.stateDir = path(parsed, "--state-dir", options.stateDir);
        options.timeoutSeconds = parsed.matchedOptionValue("--timeout", options.timeoutSeconds);
        options.lockTimeoutSeconds = parsed.matchedOptionValue("--lock-timeout", options.lockTimeoutSeconds);
        options.quiet = parsed.hasMatchedOption("--quiet");
        options.verbose = parsed.hasMatchedOption("--verbose");
        return options;
    }

    private static Actions.ReplaceOptions replaceOptions(ParseResult parsed) {
        Actions.ReplaceOptions replace = new Actions.ReplaceOptions();
        replace.strategy = parsed.matchedOptionValue("--strategy", null);
        replace.drainTimeoutSeconds = parsed.matchedOptionValue("--drain-timeout", null);
        return replace;
    }

    private static Path path(ParseResult parsed, String option, Path fallback) {
        String value = parsed.matchedOptionValue(option, null);
        return value == null ? fallback : Path.of(value);
    }
}
