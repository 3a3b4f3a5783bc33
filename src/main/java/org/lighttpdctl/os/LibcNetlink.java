package org.lighttpdctl.os;

import static org.lighttpdctl.os.NativeFunction.INT;
import static org.lighttpdctl.os.NativeFunction.LONG;
import static org.lighttpdctl.os.NativeFunction.POINTER;

/**
 * What one NETLINK_SOCK_DIAG query needs ({@link SockDiag}): bound only by actions that list listening sockets.
 * Each returns -1 and leaves errno on failure. Not final: SockDiagTest counts the real calls in a subclass.
 */
class LibcNetlink {
    private final NativeFunction socket = NativeFunction.bind("socket", INT, INT, INT, INT);
    private final NativeFunction sendto = NativeFunction.bind("sendto", LONG, INT, POINTER, LONG, INT, POINTER, INT);
    private final NativeFunction recv = NativeFunction.bind("recv", LONG, INT, POINTER, LONG, INT);
    private final NativeFunction close = NativeFunction.bind("close", INT, INT);

    int socket(int domain, int type, int protocol) {
        return (int) socket.call(domain, type, protocol);
    }

    long sendto(int fd, byte[] message, long length, int flags, byte[] address, int addressLength) {
        if (length > message.length || addressLength > address.length) {
            throw new IndexOutOfBoundsException("sendto beyond its buffers");
        }
        try (NativeMemory data = NativeMemory.copyOf(message, 0); NativeMemory to = NativeMemory.copyOf(address, 0)) {
            return sendto.call(fd, data.address(), length, flags, to.address(), addressLength);
        }
    }

    long recv(int fd, byte[] buffer, long length, int flags) {
        if (length > buffer.length) {
            throw new IndexOutOfBoundsException("recv of " + length + " bytes into " + buffer.length);
        }
        try (NativeMemory data = NativeMemory.zeroed((int) length)) {
            long received = recv.call(fd, data.address(), length, flags);
            if (received > 0) {
                data.copyTo(buffer, (int) received);
            }
            return received;
        }
    }

    int close(int fd) {
        return (int) close.call(fd);
    }
}
