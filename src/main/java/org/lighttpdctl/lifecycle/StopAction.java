package org.lighttpdctl.lifecycle;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.state.Housekeeping;
import org.lighttpdctl.lifecycle.state.Instances;
import org.lighttpdctl.lifecycle.state.Records;
import org.lighttpdctl.lifecycle.state.Sweep;
import org.lighttpdctl.lifecycle.state.UnfinishedSpawns;
import org.lighttpdctl.lifecycle.state.UnreadableRecords;
import org.lighttpdctl.os.FlockFile;
import org.lighttpdctl.os.Signal;
import org.lighttpdctl.server.Census;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;

/**
 * stop: every generation of the instance, draining ones included: SIGINT (lighttpd's graceful shutdown) to those
 * not yet told, up to --timeout for all to exit, then SIGTERM, then SIGKILL. Succeeds only when nothing is left;
 * stopping a stopped server succeeds too.
 */
public final class StopAction {
    private final Context context;

    public StopAction(Context context) {
        this.context = context;
    }

    public ExitCode run(Settings settings) throws LighttpdctlException {
        Instance instance = Instances.open(settings, context);
        try (FlockFile lock = Instances.lock(instance, settings, context, "stop")) {
            return stopLocked(instance, settings);
        } catch (org.lighttpdctl.os.SyscallException e) {
            throw new LighttpdctlException(ExitCode.GENERIC_ERROR, e.getMessage(), e);
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
        Housekeeping housekeeping = new Housekeeping(context);
        Set<Long> listeners = housekeeping.listenerInodes(instance);
        SystemdFdStore fdStore = new SystemdFdStore(context, System.getenv());
        boolean restartFollows = false;
        if (fdStore.isAvailable() && census.serving().isPresent()) {
            fdStore.park(instance, census.serving().get());
            restartFollows = fdStore.restartPending();
        }
        // Generations already draining took their SIGINT: a second one would cut their requests at once.
        List<Generation> untold = live.stream().filter(g -> housekeeping.holdsListeners(g, listeners)).toList();
        List<Generation> told = live.stream().filter(g -> !untold.contains(g)).toList();
        if (restartFollows) {
            return handOverToNextStart(instance, live, untold);
        }
        Terminator terminator = new Terminator(context);
        terminator.end(untold, Signal.INT, settings.stopTimeout());
        terminator.end(terminator.awaitExit(told, settings.stopTimeout()), Signal.TERM, settings.stopTimeout());
        forgetAll(instance, context.scan().scan(instance));
        instance.pidfile().remove();
        context.console().info("stopped lighttpd (PID " + String.join(", ",
                live.stream().map(g -> Integer.toString(g.pid())).toList()) + ")");
        return ExitCode.SUCCESS;
    }

    /**
     * The stop half of `systemctl restart`, with the sockets parked: tell the generations to drain and return, so
     * the next ExecStart= serves the parked sockets while they finish their requests. They stay recorded as
     * draining; the next call enforces their deadline. First every live generation leaves the service's reach
     * ({@link DrainScope}): systemd kills what is left of the service after this ExecStop=.
     */
    private ExitCode handOverToNextStart(Instance instance, List<Generation> live, List<Generation> untold)
            throws LighttpdctlException {
        Signaller signaller = new Signaller(context);
        java.time.Duration drain = DrainTimeouts.of(instance, java.util.Optional.empty());
        SystemdFdStore.ownUnit().ifPresent(unit -> new DrainScope(context, System.getenv()).release(unit, live, drain));
        long deadline = System.currentTimeMillis() + drain.toMillis();
        for (Generation g : untold) {
            Records.save(instance, Records.adopt(instance, g).draining(deadline));
            signaller.signal(g, Signal.INT);
        }
        instance.pidfile().remove();
        context.console().info("lighttpd is draining (PID " + String.join(", ", untold.stream()
                .map(g -> Integer.toString(g.pid())).toList()) + "); its listening sockets wait in systemd's "
                + "file descriptor store for the restart");
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
