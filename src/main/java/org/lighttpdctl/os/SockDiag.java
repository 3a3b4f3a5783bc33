package org.lighttpdctl.os;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The listening sockets of this network namespace as the kernel itself reports them: one NETLINK_SOCK_DIAG query
 * per family (inet_diag for TCP over IPv4 and IPv6, unix_diag for unix sockets), binary messages with the inode and
 * the bound address. Unlike /proc/net/unix, where any user can add a line by binding a socket whose name holds a
 * newline, nothing here is text another user wrote (a unix socket's name comes as a length-delimited attribute).
 * Layouts: linux/netlink.h, linux/sock_diag.h, linux/inet_diag.h, linux/unix_diag.h.
 */
final class SockDiag {
    private static final int AF_UNIX = 1;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int NETLINK_SOCK_DIAG = 4;
    private static final int SOCK_DIAG_BY_FAMILY = 20;
    private static final int NLM_F_REQUEST = 1;
    private static final int NLM_F_DUMP = 0x300;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final int IPPROTO_TCP = 6;
    private static final int TCP_LISTEN = 10;
    private static final int UDIAG_SHOW_NAME = 1;
    private static final int UNIX_DIAG_NAME = 0;
    private static final int HEADER = 16;
    private static final int INET_DIAG_INODE = 68;
    private static final int UNIX_DIAG_MSG = 16;
    private static final int BUFFER = 64 * 1024;

    private SockDiag() {
    }

    /** TCP sockets in LISTEN of one family (AF_INET or AF_INET6). */
    static List<ListeningSocket> tcp(boolean ipv6) throws SyscallException {
        ByteBuffer req = request(56);
        req.put((byte) (ipv6 ? AF_INET6 : AF_INET)).put((byte) IPPROTO_TCP).put((byte) 0).put((byte) 0);
        req.putInt(1 << TCP_LISTEN); // the rest (inet_diag_sockid) stays zero: every socket
        List<ListeningSocket> out = new ArrayList<>();
        for (ByteBuffer msg : query(req.array(), ipv6 ? "tcp6" : "tcp")) {
            int family = msg.get(0) & 0xff;
            int port = ((msg.get(4) & 0xff) << 8) | (msg.get(5) & 0xff); // network byte order
            byte[] address = new byte[family == AF_INET6 ? 16 : 4];
            msg.position(8);
            msg.get(address);
            long inode = msg.getInt(INET_DIAG_INODE) & 0xffffffffL;
            try {
                out.add(new ListeningSocket(inode, new InetSocketAddress(InetAddress.getByAddress(address), port)));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("kernel reported a " + address.length + "-byte address", e);
            }
        }
        return out;
    }

    /** Unix sockets in LISTEN with a name in the file system (abstract and unnamed ones are left out). */
    static List<ListeningSocket> unix() throws SyscallException {
        ByteBuffer req = request(24);
        req.put((byte) AF_UNIX).put((byte) 0).putShort((short) 0).putInt(1 << TCP_LISTEN).putInt(0)
                .putInt(UDIAG_SHOW_NAME);
        List<ListeningSocket> out = new ArrayList<>();
        for (ByteBuffer msg : query(req.array(), "unix")) {
            long inode = msg.getInt(4) & 0xffffffffL;
            byte[] name = attribute(msg, UNIX_DIAG_MSG, UNIX_DIAG_NAME);
            int length = name == null ? 0 : name.length;
            while (length > 0 && name[length - 1] == 0) {
                length--; // sun_path as bound, with the NUL the binder may have counted
            }
            if (length > 0 && name[0] != 0) {
                out.add(new ListeningSocket(inode, UnixDomainSocketAddress.of(
                        new String(Arrays.copyOf(name, length), StandardCharsets.UTF_8))));
            }
        }
        return out;
    }

    private static ByteBuffer request(int payload) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload).order(ByteOrder.nativeOrder());
        b.putInt(HEADER + payload).putShort((short) SOCK_DIAG_BY_FAMILY)
                .putShort((short) (NLM_F_REQUEST | NLM_F_DUMP)).putInt(1).putInt(0);
        return b;
    }

    /** Sends one dump request and returns the payload of every answer, up to NLMSG_DONE. */
    private static List<ByteBuffer> query(byte[] request, String what) throws SyscallException {
        LibcNetlink lib = Libc.netlink();
        int fd = lib.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
        if (fd < 0) {
            throw failure("open a NETLINK_SOCK_DIAG socket", Libc.errno());
        }
        try {
            byte[] kernel = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putShort((short) AF_NETLINK)
                    .array();
            if (lib.sendto(fd, request, request.length, 0, kernel, kernel.length) != request.length) {
                throw failure("ask the kernel for the " + what + " listeners", Libc.errno());
            }
            List<ByteBuffer> payloads = new ArrayList<>();
            byte[] buffer = new byte[BUFFER];
            while (true) {
                long n = lib.recv(fd, buffer, buffer.length, 0);
                if (n < 0) {
                    throw failure("read the kernel's list of " + what + " listeners", Libc.errno());
                }
                if (collect(ByteBuffer.wrap(buffer, 0, (int) n).order(ByteOrder.nativeOrder()), payloads, what)) {
                    return payloads;
                }
            }
        } finally {
            lib.close(fd);
        }
    }

    /** @return true at NLMSG_DONE */
    private static boolean collect(ByteBuffer batch, List<ByteBuffer> into, String what) throws SyscallException {
        int at = 0;
        int end = batch.limit();
        while (at + HEADER <= end) {
            int length = batch.getInt(at);
            int type = batch.getShort(at + 4) & 0xffff;
            if (length < HEADER || at + length > end) {
                throw new SyscallException("read the kernel's list of " + what + " listeners", 0,
                        "malformed netlink message");
            }
            if (type == NLMSG_DONE) {
                return true;
            }
            if (type == NLMSG_ERROR) {
                int errno = -batch.getInt(at + HEADER);
                throw failure("read the kernel's list of " + what + " listeners", errno);
            }
            byte[] payload = new byte[length - HEADER];
            batch.get(at + HEADER, payload);
            into.add(ByteBuffer.wrap(payload).order(ByteOrder.nativeOrder()));
            at += (length + 3) & ~3;
        }
        return false;
    }

    /** The data of the first route attribute of this type after {@code offset}, or null. */
    private static byte[] attribute(ByteBuffer msg, int offset, int type) {
        int at = offset;
        while (at + 4 <= msg.limit()) {
            int length = msg.getShort(at) & 0xffff;
            if (length < 4 || at + length > msg.limit()) {
                return null;
            }
            if ((msg.getShort(at + 2) & 0xffff) == type) {
                byte[] data = new byte[length - 4];
                msg.get(at + 4, data);
                return data;
            }
            at += (length + 3) & ~3;
        }
        return null;
    }

    private static SyscallException failure(String what, int errno) {
        return Libc.failure(what, errno);
    }
}
