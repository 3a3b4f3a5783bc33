package org.lighttpdctl.lifecycle;

import java.util.List;
import java.util.Optional;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.restart.ReadinessProbe;
import org.lighttpdctl.lifecycle.state.BackendSocketSweep;
import org.lighttpdctl.lifecycle.state.Housekeeping;
import org.lighttpdctl.lifecycle.state.Instances;
import org.lighttpdctl.lifecycle.state.Records;
import org.lighttpdctl.os.FlockFile;
import org.lighttpdctl.server.Census;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;
import org.lighttpdctl.systemd.ServiceManager;
import org.lighttpdctl.systemd.ServiceUnit;

/**
 * start: lighttpd -tt, lock, and start a first generation unless one serves already (which is a success, answered
 * without lighttpd when the generation is the one whose commit recorded its configuration). Sockets
 * passed to lighttpdctl by socket activation are handed on to it.
 */
public final class StartAction {
    private final Context context;

    public StartAction(Context context) {
        this.context = context;
    }

    public ExitCode run(Settings settings) throws LighttpdctlException {
        if (context.procfs().effectiveUid() == 0) {
            Optional<ExitCode> served = alreadyServingAsRecorded(settings);
            if (served.isPresent()) {
                return served.get();
            }
        }
        Instance instance = Instances.open(settings, context);
        try (FlockFile lock = Instances.lock(instance, settings, context, "start")) {
            return startLocked(instance);
        } catch (org.lighttpdctl.os.SyscallException e) {
            throw new LighttpdctlException(ExitCode.GENERIC_ERROR, e.getMessage(), e);
        }
    }

    /**
     * start while a generation lighttpdctl committed serves succeeds whatever the configuration now says, as
     * start-stop-daemon's start of a running daemon does: answered from the configuration recorded at that commit
     * ({@link org.lighttpdctl.server.ServingConfig}), without {@code lighttpd -p} and {@code -tt}, each of which
     * re-runs the configuration's include_shell scripts (Debian's: two Perl scripts, about 60 ms of CPU together,
     * run twice). This is ExecStart= of every restart on systemd before 257, which runs after the stop half's
     * handoff while the new generation serves and clients share the CPU with it. Anything else goes the full way:
     * nothing recorded, a record of another generation, a server lighttpdctl did not start, a spawn in progress, a
     * generation a restart's stop half released (ExecStart= on systemd 257 replaces it), or any error.
     */
    private Optional<ExitCode> alreadyServingAsRecorded(Settings settings) throws LighttpdctlException {
        Optional<Instances.Recorded> recorded;
        try {
            recorded = Instances.openRecorded(settings, context);
        } catch (LighttpdctlException e) {
            return Optional.empty(); // the full way reports it, in lighttpd's words where the configuration is at fault
        }
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        Instance instance = recorded.get().instance();
        try (FlockFile lock = Instances.lock(instance, settings, context, "start")) {
            Optional<Generation> serving;
            try {
                serving = recorded.get().servingIn(context.scan().scan(instance));
            } catch (LighttpdctlException e) {
                return Optional.empty(); // the full way reports it
            }
            if (serving.isEmpty() || releasedByRestartStop(serving.get())) {
                return Optional.empty();
            }
            instance.pidfile().write(serving.get().pid()); // after a restart's stop half: names its new generation
            context.console().info("lighttpd is already running (PID " + serving.get().pid() + ")");
            return Optional.of(ExitCode.SUCCESS);
        } catch (org.lighttpdctl.os.SyscallException e) {
            throw new LighttpdctlException(ExitCode.GENERIC_ERROR, e.getMessage(), e);
        }
    }

    /** The start itself, for callers that already hold the lock (restart --hard). */
    ExitCode startLocked(Instance instance) throws LighttpdctlException {
        Census census = new Housekeeping(context).settle(instance, DrainTimeouts.of(instance, java.util.Optional.empty()));
        new BackendSocketSweep(context).sweep(instance);
        if (census.serving().isPresent()) {
            Generation serving = census.serving().get();
            if (releasedByRestartStop(serving)) {
                context.console().step("PID " + serving.pid() + " serves from a drain scope: the stop half of "
                        + "a restart left it serving; replacing it");
                return new GracefulAction(context).takeOverReleased(instance);
            }
            if (!serving.adopted()) {
                instance.pidfile().write(serving.pid()); // heal a pidfile removed by hand
            }
            context.console().info("lighttpd is already running (PID " + serving.pid() + ")"
                    + (serving.adopted() ? ", not started by lighttpdctl" : ""));
            return ExitCode.SUCCESS;
        }
        instance.pidfile().requireSafe();
        List<Integer> inherited = InheritedSockets.fromEnvironment(context, System.getenv(),
                new Housekeeping(context).listenerInodes(instance));
        Generation fresh = new GenerationLauncher(context).launch(instance, inherited, ReadinessProbe.newToken());
        instance.pidfile().write(fresh.pid());
        Records.save(instance, fresh.withRole(Generation.Role.SERVING));
        Records.saveServingConfig(instance, fresh, context.console());
        new ParkedListeners(context, new ServiceManager(context.syscalls(), System.getenv())).park(instance, fresh);
        context.console().info("started lighttpd (PID " + fresh.pid() + ")"
                + (inherited.isEmpty() ? "" : " on " + inherited.size() + " inherited listening socket(s)"));
        return ExitCode.SUCCESS;
    }

    /** ExecStart= of a restart whose stop half released the serving generation ({@link RestartStopHalf}). */
    private boolean releasedByRestartStop(Generation serving) {
        String notify = System.getenv("NOTIFY_SOCKET");
        return notify != null && !notify.isEmpty()
                && ServiceUnit.own().map(unit -> unit.releasedToDrainScope(serving.pid())).orElse(false);
    }
}
