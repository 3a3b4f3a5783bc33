package org.lighttpdctl.lifecycle.state;

import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.lifecycle.GenerationLauncher;
import org.lighttpdctl.server.Census;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;
import org.lighttpdctl.server.Pidfile;

/**
 * A call killed between the spawn and the record leaves a lighttpd that may still be starting: its daemon parent
 * is still loading the configuration, and signalling it then would leave the daemon child running untracked.
 * Such a generation is waited for (bounded) until it has written the PID into its own pidfile or exited, and only then
 * settled like any other.
 */
public final class UnfinishedSpawns {
    private final Context context;

    public UnfinishedSpawns(Context context) {
        this.context = context;
    }

    public Census await(Instance instance, Census census) throws LighttpdctlException {
        long deadline = context.syscalls().nanoTime() + GenerationLauncher.START_TIMEOUT.toNanos();
        Census current = census;
        boolean told = false;
        while (stillStarting(instance, current) && context.syscalls().nanoTime() < deadline) {
            if (!told) {
                context.console().warn("a generation spawned by a call that never finished is still starting: "
                        + "waiting for it");
                told = true;
            }
            context.syscalls().sleepMillis(20);
            context.processesChanged(); // it may bind its listeners meanwhile
            current = context.scan().scan(instance);
        }
        // The pidfile read above may be newer than the scan: scan again so the daemon it names is the one found.
        return told ? context.scan().scan(instance) : current;
    }

    /**
     * lighttpd creates its pidfile empty before it binds and daemonizes, and writes the PID only in the daemon
     * child, once it is ready: until then the process found may be the parent, which must not be signalled.
     */
    private boolean stillStarting(Instance instance, Census census) {
        for (Generation g : census.starting()) {
            Pidfile own = new Pidfile(instance.generations().serverPidfile(g.id()), false, context.procfs().pidMax(),
                    instance.files());
            try {
                if (own.read().isEmpty()) {
                    return true;
                }
            } catch (LighttpdctlException e) {
                return true; // being written
            }
        }
        return false;
    }
}
