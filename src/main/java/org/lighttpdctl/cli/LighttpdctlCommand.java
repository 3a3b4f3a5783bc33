package org.lighttpdctl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

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

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LighttpdctlCommand());
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
