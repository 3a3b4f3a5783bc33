package org.lighttpdctl.os;

import java.nio.ByteBuffer;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;

/** The AF_UNIX datagram calls of sd_notify with descriptors, which the JDK does not offer. */
public interface LibcSockets {
    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int connect(int fd, @In byte[] address, int length);

    /** {@code message} points to a struct msghdr (see {@link NativeSyscalls#notifyWithDescriptors}). */
    @SaveError
    long sendmsg(int fd, ByteBuffer message, int flags);
}
