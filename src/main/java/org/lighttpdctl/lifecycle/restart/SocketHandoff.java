package org.lighttpdctl.lifecycle.restart;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.lighttpdctl.Checkpoint;
import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.os.ListeningSocket;
import org.lighttpdctl.os.Pidfd;
import org.lighttpdctl.os.SyscallException;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;

/**
 * Takes the serving generation's listening sockets without closing them: each configured listener, as the kernel
 * lists the listening sockets ({@link org.lighttpdctl.os.ListeningSockets}), is matched by inode to a descriptor in /proc/PID/fd, and pidfd_getfd(2) duplicates
 * that descriptor into this process. This needs no cooperation from the server, so it works for a lighttpd that
 * lighttpdctl did not start and for one started without socket activation.
 */
public final class SocketHandoff {
    private final Context context;

    public SocketHandoff(Context context) {
        this.context = context;
    }

    /**
     * The configured listening sockets of {@code old}, duplicated into this process: the handoff passes them to the
     * new generation, the sequenced restart holds them while the old one exits.
     *
     * @throws HandoffImpossibleException when the kernel or the server rules it out; nothing was changed then
     */
    public TakenSockets takeFrom(Instance instance, Generation old) throws LighttpdctlException {
        try (Pidfd pidfd = Pidfd.open(context.syscalls(), old.pid())) {
            if (!context.scan().isSameProcess(old)) {
                throw new LighttpdctlException(ExitCode.GENERIC_ERROR, "serving generation (PID " + old.pid()
                        + ") exited before the restart could begin");
            }
            TakenSockets sockets = take(pidfd, instance);
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

    /**
     * @throws SyscallException when the kernel refuses (no pidfd_getfd before Linux 5.6: ENOSYS; no ptrace
     *                          rights over the server: EPERM): the caller falls back to a sequenced restart
     */
    public TakenSockets take(Pidfd serving, Instance instance) throws SyscallException, LighttpdctlException {
        Map<Long, Integer> held = context.procfs().socketDescriptors(serving.pid());
        List<Integer> descriptors = new ArrayList<>();
        Set<Long> inodes = new LinkedHashSet<>();
        TakenSockets taken = new TakenSockets(context.syscalls(), descriptors, inodes);
        try {
            for (ListeningSocket listener : context.scan().configuredListeners(instance.effective())) {
                Integer remoteFd = held.get(listener.inode());
                if (remoteFd != null && inodes.add(listener.inode())) {
                    descriptors.add(serving.takeDescriptor(remoteFd));
                    context.console().step(Checkpoint.SOCKET_TAKEN, "took " + listener.address() + " (inode " + listener.inode()
                            + ", descriptor " + remoteFd + " of PID " + serving.pid() + ")");
                }
            }
        } catch (SyscallException | RuntimeException e) {
            taken.close();
            throw e;
        }
        return taken;
    }
}
