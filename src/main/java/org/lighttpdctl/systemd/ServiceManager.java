package org.lighttpdctl.systemd;

import java.util.List;
import java.util.Map;

import org.lighttpdctl.os.SyscallException;
import org.lighttpdctl.os.Syscalls;

/**
 * The sd_notify messages lighttpdctl sends to systemd from an Exec*= process of lighttpd.service (NOTIFY_SOCKET
 * set): they need NotifyAccess=exec (main or control processes) in the unit, which the package's drop-in sets.
 */
public final class ServiceManager {
    /** The name systemd keeps the parked listening sockets under (FDNAME=). */
    public static final String LISTEN_FD_NAME = "lighttpd-listen";
    private final Syscalls syscalls;
    private final String notifySocket;

    public ServiceManager(Syscalls syscalls, Map<String, String> environment) {
        this.syscalls = syscalls;
        this.notifySocket = environment.getOrDefault("NOTIFY_SOCKET", "");
    }

    /** True when systemd runs this process as part of a service that accepts notifications. */
    public boolean isAvailable() {
        return !notifySocket.isEmpty();
    }

    /**
     * Parks descriptors in the unit's file descriptor store (FDSTORE=1): systemd keeps them open across the
     * restart and passes them to the next ExecStart= as LISTEN_FDS; it drops a descriptor it holds already.
     */
    public void storeDescriptors(List<Integer> fds) throws SyscallException {
        syscalls.notifyWithDescriptors(notifySocket, "FDSTORE=1\nFDNAME=" + LISTEN_FD_NAME, fds);
    }

    /** Names another process of the unit its main process (MAINPID=). */
    public void mainPid(long pid) throws SyscallException {
        syscalls.notifyWithDescriptors(notifySocket, "MAINPID=" + pid, List.of());
    }
}
