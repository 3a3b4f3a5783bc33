package org.lighttpdctl.lifecycle.restart;

import java.time.Duration;
import java.util.Optional;

import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.os.SyscallException;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;

/**
 * The zero-loss restart: take the serving generation's listening sockets, start a new generation on them and prove
 * it answers ({@link ProvenLaunch}), commit, and only then tell the old one to drain. Until the commit nothing the
 * old generation or the administrator sees has changed, so any failure leaves the old generation serving.
 */
public final class HandoffRestart {
    private final Context context;
    private final ProvenLaunch launch;

    public HandoffRestart(Context context) {
        this(context, new ProvenLaunch(context));
    }

    HandoffRestart(Context context, ProvenLaunch launch) {
        this.context = context;
        this.launch = launch;
    }

    /** @throws HandoffImpossibleException when the sockets cannot be taken; nothing has been touched then */
    public RestartOutcome replace(Instance instance, Generation old, Duration drainTimeout)
            throws LighttpdctlException {
        long started = context.syscalls().nanoTime();
        TakenSockets sockets = new SocketHandoff(context).takeFrom(instance, old);
        Optional<ProbeSocket> probe = ProbeSocket.openOrWarn(context, instance.stateDir());
        Generation fresh;
        try {
            fresh = launch.start(instance, sockets, probe, drainTimeout);
        } catch (NotProvenException notProven) {
            throw stillServing(notProven, old, "rolled back");
        } catch (org.lighttpdctl.lifecycle.LaunchFailedException failed) {
            throw stillServing(failed, old, "nothing changed");
        } finally {
            probe.ifPresent(ProbeSocket::close);
            closeQuietly(sockets);
        }
        long readyMillis = (context.syscalls().nanoTime() - started) / 1_000_000;
        Commit commit = new Commit(context);
        commit.promote(instance, fresh, old, drainTimeout);
        int open = commit.drainOld(instance, old, fresh, sockets.inodes());
        return RestartOutcome.handoff(old.pid(), fresh.pid(), readyMillis, open);
    }

    private static LighttpdctlException stillServing(LighttpdctlException cause, Generation old, String what) {
        return new LighttpdctlException(cause.exitCode(), cause.getMessage() + "\n" + what
                + ": the old generation (PID " + old.pid() + ") still serves", cause);
    }

    private void closeQuietly(TakenSockets sockets) {
        try {
            sockets.close();
        } catch (SyscallException e) {
            context.console().warn(e.getMessage());
        }
    }
}
