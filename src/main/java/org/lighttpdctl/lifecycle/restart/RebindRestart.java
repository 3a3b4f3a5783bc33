package org.lighttpdctl.lifecycle.restart;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.os.ListeningSocket;
import org.lighttpdctl.os.ProcessStat;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;

/**
 * The last resort when the listening sockets cannot be taken (no pidfd_getfd before Linux 5.6, no ptrace rights
 * over the server): the old generation drains and exits with its backends, then the new one binds the ports
 * itself, and is proven to answer as in the other strategies ({@link ProvenLaunch}). Clients are refused in
 * between; the output says so. A port that some other process still holds after
 * the old generation exited (systemd's descriptor store, a stray copy) is never bound over: that ends in an error
 * naming it, because the bind could only fail and leave nothing serving.
 */
public final class RebindRestart {
    private final Context context;
    private final ProvenLaunch launch;

    public RebindRestart(Context context) {
        this(context, new ProvenLaunch(context));
    }

    RebindRestart(Context context, ProvenLaunch launch) {
        this.context = context;
        this.launch = launch;
    }

    public RestartOutcome replace(Instance instance, Generation old, Duration drainTimeout)
            throws LighttpdctlException {
        OldGenerationExit exit = new OldGenerationExit(context);
        List<ProcessStat> backends = exit.children(old);
        long stopped = context.syscalls().nanoTime();
        exit.drainToExit(old, backends, drainTimeout);
        List<ListeningSocket> stillHeld = context.scan().configuredListeners(instance.effective());
        if (!stillHeld.isEmpty()) {
            throw new LighttpdctlException(ExitCode.GENERIC_ERROR, "cannot start the new generation: "
                    + stillHeld.stream().map(ListeningSocket::address).toList() + " still listening after the old"
                    + " generation (PID " + old.pid() + ") exited (another process, such as systemd's descriptor"
                    + " store, holds the socket)\nNOTHING SERVES: run stop, then start");
        }
        Generation fresh;
        try {
            // No socket to pass, no private probe: the new generation is the only one listening, so a shared
            // listener that answers with this restart's token proves it.
            fresh = launch.start(instance, TakenSockets.none(context.syscalls()), Optional.empty(), drainTimeout);
        } catch (LighttpdctlException e) {
            throw new LighttpdctlException(ExitCode.GENERIC_ERROR, e.getMessage() + "\nthe old generation (PID "
                    + old.pid() + ") has exited and NOTHING SERVES: fix the cause and run start", e);
        }
        long gapMillis = (context.syscalls().nanoTime() - stopped) / 1_000_000;
        context.console().warn("the listening sockets could not be kept open: new clients were refused for up to "
                + gapMillis + " ms");
        new Commit(context).promote(instance, fresh, old, drainTimeout);
        return RestartOutcome.rebind(old.pid(), fresh.pid(), gapMillis);
    }
}
