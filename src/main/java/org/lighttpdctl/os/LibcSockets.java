package org.lighttpdctl.os;

import static org.lighttpdctl.os.NativeFunction.INT;
import static org.lighttpdctl.os.NativeFunction.LONG;
import static org.lighttpdctl.os.NativeFunction.POINTER;

import java.nio.ByteBuffer;

/** What sd_notify with descriptors needs (a unix datagram to systemd). Each returns -1 and leaves errno on failure. */
final class LibcSockets {
    private final NativeFunction socket = NativeFunction.bind("socket", INT, INT, INT, INT);
    private final NativeFunction connect = NativeFunction.bind("connect", INT, INT, POINTER, INT);
    private final NativeFunction sendmsg = NativeFunction.bind("sendmsg", LONG, INT, POINTER, INT);

    int socket(int domain, int type, int protocol) {
        return (int) socket.call(domain, type, protocol);
    }

    int connect(int fd, byte[] address, int length) {
        if (length > address.length) {
            throw new IndexOutOfBoundsException("connect beyond its address");
        }
        try (NativeMemory to = NativeMemory.copyOf(address, 0)) {
            return (int) connect.call(fd, to.address(), length);
        }
    }

    /** sendmsg(2) of the struct msghdr in the direct buffer {@code message}. */
    long sendmsg(int fd, ByteBuffer message, int flags) {
        return sendmsg.call(fd, NativeMemory.address(message), flags);
    }
}
