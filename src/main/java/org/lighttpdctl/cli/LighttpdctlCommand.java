package org.lighttpdctl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.lighttpdctl.ExitCode;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lighttpdctl ACTION [OPTIONS]}: the command line that init scripts, systemd and dpkg call. */
@Command(name = "lighttpdctl", mixinStandardHelpOptions = true, versionProvider = LighttpdctlCommand.Version.class,
        description = "Start, stop and gracefully restart lighttpd without refusing, resetting or cutting a client.",
        subcommands = {Actions.Start.class, Actions.Stop.class, Actions.Restart.class, Actions.Graceful.class,
                Actions.Status.class, Actions.ConfigTest.class, Actions.ReopenLogs.class},
        footer = {"", "Exit codes follow LSB: 0 success, 1 generic error, 2 invalid arguments, 3 unimplemented,",
                "4 insufficient privilege, 5 not installed, 6 not configured, 7 not running.",
                "status: 0 running, 1 dead but pidfile exists, 3 not running, 4 unknown."})
public final class LighttpdctlCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without an action there is nothing to do: that is an argument error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing ACTION");
    }

    /**
     * The actions, by the names the contract gives them. Each is parsed by a command line of its own: picocli
     * builds the model of every subcommand of a tree up front, and for a tool started inside init scripts that
     * is most of its start-up time. The full tree serves --help, --version and wrong input.
     * (Names, and a switch in {@link #annotated}, not a map of constructor references: every method reference is
     * an invokedynamic call site the JVM links at run time, nine of them for one lookup.)
     */
    private static final Set<String> ACTIONS = Set.of("start", "stop", "restart", "graceful", "reload",
            "force-reload", "status", "configtest", "reopen-logs");

    /** A new annotated command object for {@code action}, one of {@link #ACTIONS} (ActionLineTest's too). */
    static Object annotated(String action) {
        return switch (action) {
            case "start" -> new Actions.Start();
            case "stop" -> new Actions.Stop();
            case "restart" -> new Actions.Restart();
            case "graceful", "reload", "force-reload" -> new Actions.Graceful();
            case "status" -> new Actions.Status();
            case "configtest" -> new Actions.ConfigTest();
            case "reopen-logs" -> new Actions.ReopenLogs();
            default -> throw new IllegalArgumentException("unknown action " + action);
        };
    }

    /**
     * Parses and runs a command line; returns the exit code. An action's options are parsed first by
     * {@link ActionLine} (a plain loop, no picocli), and by the action's annotated command line when that must
     * answer.
     */
    public static int execute(String[] args) {
        if (args.length > 0 && ACTIONS.contains(args[0])) {
            String[] options = Arrays.copyOfRange(args, 1, args.length);
            Optional<ActionCommand> parsed = ActionLine.parse(args[0], options);
            if (parsed.isPresent()) {
                return parsed.get().call();
            }
            CommandLine action = configure(new CommandLine(annotated(args[0])));
            action.setCommandName("lighttpdctl " + args[0]);
            return action.execute(Arrays.copyOfRange(args, 1, args.length));
        }
        return commandLine().execute(args);
    }

    /** The whole command tree: for --help, --version, the man page and the shell completion. */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new LighttpdctlCommand()));
    }

    private static CommandLine configure(CommandLine cli) {
        cli.setExitCodeExceptionMapper(e -> ExitCode.GENERIC_ERROR.code());
        // As with most Unix tools, a later option wins: init scripts prepend defaults the administrator overrides.
        cli.setOverwrittenOptionsAllowed(true);
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("lighttpdctl: " + e.getMessage());
            e.getCommandLine().getErr().println("Try 'lighttpdctl --help' for more information.");
            return ExitCode.INVALID_ARGUMENT.code();
        });
        return cli;
    }

    /** The version Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = LighttpdctlCommand.class.getResourceAsStream("/org/lighttpdctl/version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"lighttpdctl " + properties.getProperty("version", "unknown")};
        }
    }
}
