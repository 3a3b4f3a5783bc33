package org.lighttpdctl.lifecycle;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.state.Housekeeping;
import org.lighttpdctl.lifecycle.state.Instances;
import org.lighttpdctl.lifecycle.state.Sweep;
import org.lighttpdctl.lifecycle.state.UnfinishedSpawns;
import org.lighttpdctl.lifecycle.state.UnreadableRecords;
import org.lighttpdctl.os.FlockFile;
import org.lighttpdctl.os.Signal;
import org.lighttpdctl.server.Census;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;
import org.lighttpdctl.server.ServingConfig;
import org.lighttpdctl.server.UnreadableConfigException;

/**
 * stop: every generation of the instance, draining ones included: SIGINT (lighttpd's graceful shutdown) to those
 * not yet told, up to --timeout for all to exit, then SIGTERM, then SIGKILL. Succeeds only when nothing is left;
 * stopping a stopped server succeeds too. The stop half of a restart job of lighttpd.service is
 * {@link RestartStopHalf}'s: it never stops the serving generation.
 */
public final class StopAction {
    private final Context context;

    public StopAction(Context context) {
        this.context = context;
    }

    public ExitCode run(Settings settings) throws LighttpdctlException {
        Opened opened = open(settings);
        try (FlockFile lock = Instances.lock(opened.instance(), settings, context, "stop")) {
            Instance instance = opened.instance();
            if (opened.recorded().isPresent()
                    && opened.recorded().get().servingIn(context.scan().scan(instance)).isEmpty()) {
                // the record is not of the generation that serves now (a commit while this call waited for the
                // lock, or none it finished): the configuration itself is read
                instance = Instances.open(settings, context);
            }
            return stopLocked(instance, settings);
        } catch (org.lighttpdctl.os.SyscallException e) {
            throw new LighttpdctlException(ExitCode.GENERIC_ERROR, e.getMessage(), e);
        }
    }

    /** The instance to stop, and the record it was read from, if it was. */
    private record Opened(Instance instance, Optional<Instances.Recorded> recorded) {
    }

    /**
     * The stop half of a restart on systemd 257 and later acts only on the serving generation (it moves it into a
     * drain scope, parks its listeners, bounds its drain), so it takes that generation's configuration from the
     * record of its commit ({@link ServingConfig}) after {@code lighttpd -tt}, without {@code lighttpd -p}: one
     * run less of the configuration's include_shell scripts (Debian's two Perl scripts) while clients share the
     * CPU with the restart. The rest is {@link #openCurrent}'s.
     */
    private Opened open(Settings settings) throws LighttpdctlException {
        Optional<RestartStopHalf> restart = RestartStopHalf.detect(context, System.getenv());
        if (restart.isPresent() && restart.get().releasesServing()) {
            Optional<Instances.Recorded> recorded = Instances.openRecordedChecked(settings, context);
            if (recorded.isPresent()) {
                context.console().step("stop half of a restart: the serving generation's configuration from "
                        + recorded.get().instance().servingConfigFile());
                return new Opened(recorded.get().instance(), recorded);
            }
        }
        return new Opened(openCurrent(settings, restart.isPresent()), Optional.empty());
    }

    /**
     * A configuration broken or deleted after the server started must not keep it running (start-stop-daemon needs
     * none): a plain stop then takes the pidfile and listeners recorded when the serving generation was committed
     * ({@link ServingConfig}), with a warning. Not the stop half of a restart: its start half cannot start on that
     * configuration, so it fails here (exit 6) before it releases anything, and systemd's stop ends the server as
     * the unit's own would. Without a record the error stands too, and nothing is signalled.
     */
    private Instance openCurrent(Settings settings, boolean restartStopHalf) throws LighttpdctlException {
        try {
            return Instances.open(settings, context);
        } catch (UnreadableConfigException e) {
            if (restartStopHalf) {
                throw e;
            }
            Optional<Instances.Recorded> recorded = Instances.openRecorded(settings, context);
            if (recorded.isEmpty()) {
                throw e;
            }
            context.console().warn(e.getMessage());
            context.console().warn("stopping with the pidfile and listeners recorded when the serving generation"
                    + " was started: " + recorded.get().instance().servingConfigFile());
            return recorded.get().instance();
        }
    }

    ExitCode stopLocked(Instance instance, Settings settings) throws LighttpdctlException {
        UnreadableRecords.setAside(instance, context);
        new Sweep(context).run(instance);
        Census census = new UnfinishedSpawns(context).await(instance, context.scan().scan(instance));
        List<Generation> live = census.live();
        if (live.isEmpty()) {
            forgetAll(instance, census);
            instance.pidfile().remove();
            context.console().info("lighttpd is not running");
            return ExitCode.SUCCESS;
        }
        Optional<RestartStopHalf> restart = RestartStopHalf.detect(context, System.getenv());
        if (restart.isPresent()) {
            return restart.get().run(instance, census);
        }
        Housekeeping housekeeping = new Housekeeping(context);
        Set<Long> listeners = housekeeping.listenerInodes(instance);
        // Generations already draining took their SIGINT: a second one would cut their requests at once.
        List<Generation> untold = live.stream().filter(g -> housekeeping.holdsListeners(g, listeners)).toList();
        List<Generation> told = live.stream().filter(g -> !untold.contains(g)).toList();
        Terminator terminator = new Terminator(context);
        terminator.end(untold, Signal.INT, settings.stopTimeout());
        terminator.end(terminator.awaitExit(told, settings.stopTimeout()), Signal.TERM, settings.stopTimeout());
        forgetAll(instance, context.scan().scan(instance));
        instance.pidfile().remove();
        context.console().info("stopped lighttpd (PID " + String.join(", ",
                live.stream().map(g -> Integer.toString(g.pid())).toList()) + ")");
        return ExitCode.SUCCESS;
    }

    private static void forgetAll(Instance instance, Census census) throws LighttpdctlException {
        try {
            for (Generation g : instance.generations().all()) {
                if (census.live().stream().noneMatch(l -> l.id() == g.id() && l.pid() == g.pid())) {
                    instance.generations().forget(g.id());
                }
            }
        } catch (IOException e) {
            throw new LighttpdctlException(ExitCode.GENERIC_ERROR, "cannot remove generation records in "
                    + instance.generations().dir() + ": " + e.getMessage(), e);
        }
    }
}
