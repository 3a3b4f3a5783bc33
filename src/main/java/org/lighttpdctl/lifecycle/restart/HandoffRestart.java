package org.lighttpdctl.lifecycle.restart;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.lifecycle.GenerationLauncher;
import org.lighttpdctl.lifecycle.LaunchFailedException;
import org.lighttpdctl.lifecycle.Terminator;
import org.lighttpdctl.os.Pidfd;
import org.lighttpdctl.os.Signal;
import org.lighttpdctl.os.SyscallException;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;

/**
 * The zero-loss restart: take the serving generation's listening sockets, start a new generation on them, prove
 * it answers, commit, and only then tell the old one to drain. Until the commit nothing the old generation or the
 * administrator sees has changed, so any failure is rolled back by draining the new generation alone.
 */
public final class HandoffRestart {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private final Context context;

    public HandoffRestart(Context context) {
        this.context = context;
    }

    public RestartOutcome replace(Instance instance, Generation old, Duration drainTimeout)
            throws LighttpdctlException {
        long started = System.nanoTime();
        String token = ReadinessProbe.newToken();
        Generation fresh;
        TakenSockets sockets = take(instance, old);
        Optional<ProbeSocket> probe = openProbe(instance);
        try {
            List<Integer> passed = new ArrayList<>(sockets.descriptors());
            // last: lighttpd serves it although its configuration names it not
            probe.ifPresent(p -> passed.add(p.descriptor()));
            fresh = new GenerationLauncher(context).launch(instance, passed, token);
            context.console().step("new generation " + fresh.id() + " running as PID " + fresh.pid());
            try {
                new ReadinessProbe(context).await(fresh, instance.effective().endpoints(), sockets.inodes(),
                        probe.map(ProbeSocket::endpoint), token, READY_TIMEOUT);
            } catch (LighttpdctlException notReady) {
                rollBack(instance, fresh, drainTimeout);
                throw stillServing(notReady, old, "rolled back");
            }
        } catch (LaunchFailedException failed) {
            throw stillServing(failed, old, "nothing changed");
        } finally {
            probe.ifPresent(ProbeSocket::close);
            closeQuietly(sockets);
        }
        long readyMillis = (System.nanoTime() - started) / 1_000_000;
        Commit commit = new Commit(context);
        commit.promote(instance, fresh, old, drainTimeout);
        int open = commit.drainOld(instance, old, fresh, sockets.inodes());
        return new RestartOutcome(Strategy.HANDOFF, old.pid(), fresh.pid(), readyMillis, open);
    }

    /**
     * Without a private probe socket (it could not be created), the handoff still loses no client: readiness is
     * then proven through the shared listeners by the new generation's probe tag, which may take longer on a busy
     * server, whose old generation wins most accepts.
     */
    private Optional<ProbeSocket> openProbe(Instance instance) {
        try {
            return Optional.of(ProbeSocket.open(context, instance.stateDir()));
        } catch (LighttpdctlException e) {
            context.console().warn(e.getMessage() + ": proving the new generation through the shared listeners");
            return Optional.empty();
        }
    }

    /** Duplicates the configured listening sockets out of {@code old} (package-private: the sequenced path holds them too). */
    TakenSockets take(Instance instance, Generation old) throws LighttpdctlException {
        try (Pidfd pidfd = Pidfd.open(context.syscalls(), old.pid())) {
            if (!context.scan().isSameProcess(old)) {
                throw new LighttpdctlException(ExitCode.GENERIC_ERROR, "serving generation (PID " + old.pid()
                        + ") exited before the restart could begin");
            }
            TakenSockets sockets = new SocketHandoff(context).take(pidfd, instance);
            if (sockets.descriptors().isEmpty()) {
                throw new HandoffImpossibleException("PID " + old.pid()
                        + " holds none of the listening sockets its configuration names", null);
            }
            return sockets;
        } catch (SyscallException e) {
            // ENOSYS: kernel before 5.6; EPERM: no ptrace rights over the server (Yama, a different user).
            throw new HandoffImpossibleException(e.getMessage(), e);
        }
    }

    /** The new generation may already have accepted clients on the shared sockets: drain it, never cut it. */
    private void rollBack(Instance instance, Generation fresh, Duration drainTimeout) throws LighttpdctlException {
        context.console().step("rolling back: draining new generation " + fresh.id());
        new Terminator(context).end(List.of(fresh), Signal.INT, drainTimeout);
        try {
            instance.generations().forget(fresh.id());
        } catch (java.io.IOException e) {
            context.console().warn("cannot remove the records of generation " + fresh.id() + ": " + e.getMessage());
        }
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
