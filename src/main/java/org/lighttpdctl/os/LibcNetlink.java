package org.lighttpdctl.os;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/** The calls of a NETLINK_SOCK_DIAG query ({@link SockDiag}). */
public interface LibcNetlink {
    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    long sendto(int fd, @In byte[] message, long length, int flags, @In byte[] address, int addressLength);

    @SaveError
    long recv(int fd, @Out byte[] buffer, long length, int flags);

    /** Bound here too: status, which asks for the listeners, then binds no other descriptor calls. */
    @SaveError
    int close(int fd);
}
