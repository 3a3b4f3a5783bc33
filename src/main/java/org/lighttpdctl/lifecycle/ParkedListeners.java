package org.lighttpdctl.lifecycle;

import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.restart.SocketHandoff;
import org.lighttpdctl.lifecycle.restart.TakenSockets;
import org.lighttpdctl.os.Pidfd;
import org.lighttpdctl.os.SyscallException;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;
import org.lighttpdctl.systemd.ServiceManager;

/**
 * A generation's listening sockets parked in lighttpd.service's file descriptor store (FDSTORE=1), so that systemd
 * holds them open whatever happens to the generation: the kernel queues new connections while nothing accepts,
 * and systemd passes them to the next ExecStart= as LISTEN_FDS. Done at every start under systemd and again by the
 * stop half of a restart: a lighttpd killed (a crash, SIGKILL, the OOM killer) then leaves its clients queued until
 * Restart=on-failure starts the next one, instead of refused. systemd keeps a descriptor it holds already once,
 * and empties the store when the unit stops for good.
 */
final class ParkedListeners {
    private final Context context;
    private final ServiceManager manager;

    ParkedListeners(Context context, ServiceManager manager) {
        this.context = context;
        this.manager = manager;
    }

    /** Parks the listening sockets of {@code generation}; a failure is reported and the action goes on. */
    void park(Instance instance, Generation generation) {
        if (!manager.isAvailable()) {
            return;
        }
        try (Pidfd pidfd = Pidfd.open(context.syscalls(), generation.pid());
             TakenSockets sockets = new SocketHandoff(context).take(pidfd, instance)) {
            if (!sockets.descriptors().isEmpty()) {
                manager.storeDescriptors(sockets.descriptors());
                context.console().step("parked " + sockets.descriptors().size()
                        + " listening socket(s) in systemd's file descriptor store");
            }
        } catch (SyscallException | LighttpdctlException e) {
            context.console().warn("cannot park the listening sockets in systemd's file descriptor store: "
                    + e.getMessage());
        }
    }
}
