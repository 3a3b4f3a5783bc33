package org.lighttpdctl.lifecycle.restart;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.os.ProcessStat;
import org.lighttpdctl.os.SyscallException;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;

/**
 * The restart for when two generations must not overlap (backends lighttpd spawns at paths both would share,
 * mod_rrdtool): lighttpdctl takes a copy of every listening socket (pidfd_getfd), so the kernel keeps queueing
 * connections while the old generation drains and exits with its backends; then the new generation starts on those
 * same sockets (LISTEN_FDS) and is proven to answer ({@link ProvenLaunch}). Clients wait in the queue, never
 * refused; no port is bound anew, so a socket that another process still holds (systemd's descriptor store) can
 * never make the start fail.
 *
 * <p>Once the old generation has exited there is nothing to roll back to: a new generation that fails leaves
 * nothing serving, and that is reported as a failure (exit 1), never as success.
 */
public final class SequencedRestart {
    private final Context context;
    private final ProvenLaunch launch;

    public SequencedRestart(Context context) {
        this(context, new ProvenLaunch(context));
    }

    SequencedRestart(Context context, ProvenLaunch launch) {
        this.context = context;
        this.launch = launch;
    }

    /** @throws HandoffImpossibleException when the sockets cannot be taken; nothing has been touched then */
    public RestartOutcome replace(Instance instance, Generation old, Duration drainTimeout)
            throws LighttpdctlException {
        TakenSockets sockets = new SocketHandoff(context).takeFrom(instance, old);
        try {
            return replaceHolding(instance, old, sockets, drainTimeout);
        } finally {
            try {
                sockets.close();
            } catch (SyscallException e) {
                context.console().warn(e.getMessage());
            }
        }
    }

    private RestartOutcome replaceHolding(Instance instance, Generation old, TakenSockets sockets,
                                          Duration drainTimeout) throws LighttpdctlException {
        long waitedMillis;
        OldGenerationExit exit = new OldGenerationExit(context);
        Generation fresh;
        // Opened before the old generation is told anything, while this call can still do without it.
        Optional<ProbeSocket> probe = ProbeSocket.openOrWarn(context, instance.stateDir());
        try {
            List<ProcessStat> backends = exit.children(old);
            long held = context.syscalls().nanoTime();
            context.console().step("holding " + sockets.descriptors().size() + " listening socket(s): new clients"
                    + " wait in the kernel's queue while PID " + old.pid() + " drains and exits with "
                    + backends.size() + " process(es) it spawned");
            exit.drainToExit(old, backends, drainTimeout);
            context.console().step("old generation and its backends have exited");
            try {
                fresh = launch.start(instance, sockets, probe, drainTimeout);
            } catch (LighttpdctlException failed) {
                throw nothingServes(failed, old);
            }
            waitedMillis = (context.syscalls().nanoTime() - held) / 1_000_000;
        } finally {
            probe.ifPresent(ProbeSocket::close);
        }
        new Commit(context).promote(instance, fresh, old, drainTimeout);
        return RestartOutcome.sequenced(old.pid(), fresh.pid(), waitedMillis);
    }

    private static LighttpdctlException nothingServes(LighttpdctlException cause, Generation old) {
        return new LighttpdctlException(ExitCode.GENERIC_ERROR, cause.getMessage() + "\nthe old generation (PID "
                + old.pid() + ") has exited and NOTHING SERVES: fix the cause and run start", cause);
    }
}
