package org.lighttpdctl.os;

import java.util.List;

/** The socket part of {@link Syscalls}: the kernel's list of listeners (NETLINK_SOCK_DIAG) and sd_notify. */
public interface SocketCalls {

    /**
     * The sockets in LISTEN of this network namespace, in one query: TCP over IPv4, then TCP over IPv6, then unix
     * stream sockets with a name in the file system (abstract and unnamed ones left out).
     */
    List<ListeningSocket> listeners() throws SyscallException;

    /**
     * sd_notify(3) with descriptors: sends {@code message} as one datagram to the service manager's AF_UNIX socket
     * ({@code socketPath}; a leading '@' names an abstract socket), with {@code fds} attached (SCM_RIGHTS).
     */
    void notifyWithDescriptors(String socketPath, String message, List<Integer> fds) throws SyscallException;
}
