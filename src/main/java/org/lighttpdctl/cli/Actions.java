package org.lighttpdctl.cli;

import java.util.Optional;

import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.ConfigTestAction;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.lifecycle.GracefulAction;
import org.lighttpdctl.lifecycle.ReopenLogsAction;
import org.lighttpdctl.lifecycle.StartAction;
import org.lighttpdctl.lifecycle.StatusAction;
import org.lighttpdctl.lifecycle.StopAction;
import org.lighttpdctl.lifecycle.restart.RestartOptions;
import org.lighttpdctl.lifecycle.restart.Strategy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The actions of the CLI contract, each a thin adapter from picocli to a lifecycle action. */
final class Actions {
    private Actions() {
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start lighttpd unless it already runs (lighttpd -tt first).")
    static final class Start extends ActionCommand {
        @Override
        int run(Context context) throws LighttpdctlException {
            return new StartAction(context).run(options.settings()).code();
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop every generation: SIGINT, then SIGTERM after --timeout, then SIGKILL.")
    static final class Stop extends ActionCommand {
        @Override
        int run(Context context) throws LighttpdctlException {
            return new StopAction(context).run(options.settings()).code();
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Report whether lighttpd runs (LSB: 0 running, 1 dead with pidfile, 3 stopped, 4 unknown).")
    static final class Status extends ActionCommand {
        @Option(names = "--json", description = "print the status as JSON")
        boolean json;

        @Override
        int run(Context context) {
            return new StatusAction(context).run(options.settings(), json).code();
        }
    }

    @Command(name = "configtest", mixinStandardHelpOptions = true,
            description = "Check the configuration with lighttpd -tt.")
    static final class ConfigTest extends ActionCommand {
        @Override
        int run(Context context) throws LighttpdctlException {
            return new ConfigTestAction(context).run(options.settings()).code();
        }
    }

    @Command(name = "reopen-logs", mixinStandardHelpOptions = true,
            description = "Ask every live generation to reopen its log files (SIGHUP).")
    static final class ReopenLogs extends ActionCommand {
        @Override
        int run(Context context) throws LighttpdctlException {
            return new ReopenLogsAction(context).run(options.settings()).code();
        }
    }

    /** Options shared by the actions that replace the serving generation. */
    static final class ReplaceOptions {
        @Option(names = "--strategy", paramLabel = "NAME",
                description = "handoff, sequenced or in-place (default: chosen, and reported)")
        String strategy;

        @Option(names = "--drain-timeout", paramLabel = "SECONDS",
                description = "how long the old generation may drain before SIGTERM "
                        + "(default: the server's graceful-shutdown-timeout + 2 s)")
        Integer drainTimeoutSeconds;

        RestartOptions toOptions(boolean waitForDrain) {
            // no lambdas: each was spun at run time on every graceful (the archive did not hold them)
            Optional<Strategy> chosen = strategy == null ? Optional.empty()
                    : Optional.ofNullable(Strategy.fromCliName(strategy));
            Optional<java.time.Duration> drain = drainTimeoutSeconds == null ? Optional.empty()
                    : Optional.ofNullable(Durations.seconds("--drain-timeout", drainTimeoutSeconds));
            return new RestartOptions(chosen, drain, waitForDrain);
        }
    }

    @Command(name = "graceful", aliases = {"reload", "force-reload"}, mixinStandardHelpOptions = true,
            description = "Replace the serving generation without refusing, resetting or cutting any client.")
    static final class Graceful extends ActionCommand {
        @picocli.CommandLine.Mixin
        ReplaceOptions replace;

        @Option(names = "--wait", description = "return only once the old generation has finished draining")
        boolean waitForDrain;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        /** The action's name on the command line, set by {@link ActionLine}; else picocli's command name says it. */
        String invokedAs;

        @Override
        int run(Context context) throws LighttpdctlException {
            // Run as "lighttpdctl reload" or "lighttpdctl force-reload", it says so in its messages.
            return new GracefulAction(context).run(options.settings(), replace.toOptions(waitForDrain),
                    GracefulAction.Mode.GRACEFUL, invokedAs()).code();
        }

        String invokedAs() {
            if (invokedAs != null) {
                return invokedAs;
            }
            String name = spec.commandLine().getCommandName();
            return name.substring(name.lastIndexOf(' ') + 1);
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true,
            description = "Replace the server process (new binary, new configuration) without losing a client, "
                    + "waiting for the old one to drain; --hard stops then starts.")
    static final class Restart extends ActionCommand {
        @picocli.CommandLine.Mixin
        ReplaceOptions replace;

        @Option(names = "--hard", description = "the classic stop then start (refuses connections in between)")
        boolean hard;

        @Override
        int run(Context context) throws LighttpdctlException {
            return new GracefulAction(context).run(options.settings(), replace.toOptions(true),
                    hard ? GracefulAction.Mode.HARD_RESTART : GracefulAction.Mode.RESTART, "restart").code();
        }
    }
}
