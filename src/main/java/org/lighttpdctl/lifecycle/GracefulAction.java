package org.lighttpdctl.lifecycle;

import java.time.Duration;
import java.util.Optional;

import org.lighttpdctl.Checkpoint;
import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.restart.Commit;
import org.lighttpdctl.lifecycle.restart.Replacement;
import org.lighttpdctl.lifecycle.restart.RestartOptions;
import org.lighttpdctl.lifecycle.restart.RestartOutcome;
import org.lighttpdctl.lifecycle.restart.Strategy;
import org.lighttpdctl.lifecycle.restart.StrategyChoice;
import org.lighttpdctl.lifecycle.state.BackendSocketSweep;
import org.lighttpdctl.lifecycle.state.Housekeeping;
import org.lighttpdctl.lifecycle.state.Instances;
import org.lighttpdctl.lifecycle.state.Records;
import org.lighttpdctl.os.FlockFile;
import org.lighttpdctl.os.SyscallException;
import org.lighttpdctl.server.Census;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;

/**
 * graceful, reload, force-reload and restart: replace the serving generation as one transaction.
 * lighttpd -tt first (nothing is touched when it fails), then the lock, then the chosen strategy, which either
 * commits a proven new generation or leaves the old one serving. restart always replaces the process (new binary,
 * new configuration) and waits for the old generation's drain; restart --hard is the classic stop and start.
 */
public final class GracefulAction {
    private final Context context;

    public GracefulAction(Context context) {
        this.context = context;
    }

    public enum Mode { GRACEFUL, RESTART, HARD_RESTART }

    public ExitCode run(Settings settings, RestartOptions options, Mode mode, String action)
            throws LighttpdctlException {
        Instance instance = Instances.open(settings, context);
        try (FlockFile lock = Instances.lock(instance, settings, context, action)) {
            if (mode == Mode.HARD_RESTART) {
                new StopAction(context).stopLocked(instance, settings);
                return new StartAction(context).startLocked(instance);
            }
            return replaceLocked(instance, options, mode, action);
        } catch (SyscallException e) {
            throw new LighttpdctlException(ExitCode.GENERIC_ERROR, e.getMessage(), e);
        }
    }

    /**
     * The restart transaction run by the stop half of a restart job ({@link RestartStopHalf}, systemd before 257):
     * the lock is held by the stop; returns once the old generation has exited (or was terminated past its drain
     * timeout), which is when systemd lets the restart go on.
     */
    ExitCode replaceForRestartStop(Instance instance, RestartOptions options) throws LighttpdctlException {
        return replaceLocked(instance, options, Mode.RESTART, "restart");
    }

    /**
     * ExecStart= of a restart job whose stop half released the serving generation into a drain scope (systemd 257
     * and later, {@link RestartStopHalf}): replace it as a graceful does, without waiting for its drain, so that
     * `systemctl restart` returns as soon as the new generation serves.
     */
    ExitCode takeOverReleased(Instance instance) throws LighttpdctlException {
        return replaceLocked(instance, new RestartOptions(Optional.empty(), Optional.empty(), false), Mode.GRACEFUL,
                "restart");
    }

    private ExitCode replaceLocked(Instance instance, RestartOptions options, Mode mode, String action)
            throws LighttpdctlException {
        Duration drainTimeout = DrainTimeouts.of(instance, options.drainTimeout());
        Census census = new Housekeeping(context).settle(instance, drainTimeout);
        new BackendSocketSweep(context).sweep(instance);
        if (census.serving().isEmpty()) {
            if (mode == Mode.RESTART) {
                return new StartAction(context).startLocked(instance);
            }
            throw new LighttpdctlException(ExitCode.NOT_RUNNING, "cannot " + action + ": lighttpd is not running (use start)");
        }
        instance.pidfile().requireSafe();
        Generation old = Records.adopt(instance, census.serving().get());
        StrategyChoice choice = StrategyChoice.choose(options.strategy(), instance, mode == Mode.RESTART);
        if (mode == Mode.RESTART && choice.strategy() == Strategy.IN_PLACE) {
            throw new LighttpdctlException(ExitCode.INVALID_ARGUMENT,
                    "restart replaces the process: --strategy in-place is for graceful and reload");
        }
        context.console().step(Checkpoint.STRATEGY_CHOSEN, "strategy " + choice.strategy().cliName() + " ("
                + choice.reason() + ")");
        RestartOutcome outcome = new Replacement(context).run(instance, old, choice, drainTimeout);
        if ((options.waitForDrain() || mode == Mode.RESTART) && outcome.strategy() != Strategy.IN_PLACE) {
            new Commit(context).awaitDrain(old, drainTimeout);
            context.console().step("old generation has exited");
        }
        context.console().info(outcome.summary(action));
        return ExitCode.SUCCESS;
    }
}
