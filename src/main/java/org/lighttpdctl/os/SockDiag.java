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
 * The listening sockets of this network namespace as the kernel itself reports them: binary NETLINK_SOCK_DIAG
 * messages with the inode and the bound address. Unlike /proc/net/unix, where any user can add a line by binding a
 * socket whose name holds a newline, nothing here is text another user wrote (a unix socket's name comes as a
 * length-delimited attribute). Layouts: linux/netlink.h, linux/sock_diag.h, linux/inet_diag.h, linux/unix_diag.h.
 *
 * <p>The whole listing is one netlink socket and two dumps, one per table the kernel keeps: the fewest walks there
 * are, where the per-family requests made three.
 * <ul>
 * <li>TCP over IPv4 and IPv6 in one walk: the compat request TCPDIAG_GETSOCK (struct inet_diag_req) is dumped by
 * inet_diag_dump_compat, which sets {@code req.sdiag_family = AF_UNSPEC;} ("compatibility"), and
 * inet_diag_dump_icsk skips a socket only {@code if (r->sdiag_family != AF_UNSPEC && sk->sk_family !=
 * r->sdiag_family)} (net/ipv4/inet_diag.c; run here on 6.18, SockDiagTest). With only TCPF_LISTEN asked, the
 * same function stops after the listening hash ({@code if (!(idiag_states & ~TCPF_LISTEN)) goto out;}): the
 * established hash (262,144 buckets here) that /proc/net/tcp walks is never touched.
 * <li>Unix sockets have their own table and handler (SOCK_DIAG_BY_FAMILY, sdiag_family AF_UNIX): a second dump.
 * </ul>
 * Both requests cannot travel in one datagram: a netlink socket runs one dump at a time, and
 * __netlink_dump_start answers a second with EBUSY while the first is running ("A dump is in progress...":
 * {@code if (nlk->cb_running) ret = -EBUSY;}, net/netlink/af_netlink.c). The first dump is still running
 * when the kernel reads the next request of the same datagram, since netlink_dump appends NLMSG_DONE only in a call
 * after the one that wrote the last socket (measured on 6.18: the second request of one datagram is answered
 * NLMSG_ERROR -16 in either order). So the second request is sent after the first one's NLMSG_DONE.
 */
final class SockDiag {
    private static final int AF_UNSPEC = 0;
    private static final int AF_UNIX = 1;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int NETLINK_SOCK_DIAG = 4;
    /** The compat inet_diag request (struct inet_diag_req): both IP families in one dump. */
    static final int TCPDIAG_GETSOCK = 18;
    static final int SOCK_DIAG_BY_FAMILY = 20;
    private static final int NLM_F_REQUEST = 1;
    private static final int NLM_F_DUMP = 0x300;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final int TCP_LISTEN = 10;
    private static final int UDIAG_SHOW_NAME = 1;
    private static final int UNIX_DIAG_NAME = 0;
    private static final int HEADER = 16;
    /** sizeof(struct inet_diag_req): family, src_len, dst_len, ext, inet_diag_sockid (48), states, dbs. */
    private static final int INET_DIAG_REQ = 60;
    private static final int INET_DIAG_INODE = 68;
    private static final int UNIX_DIAG_MSG = 16;
    private static final int BUFFER = 64 * 1024;

    private SockDiag() {
    }

    /**
     * Every TCP socket in LISTEN, AF_INET ones first, then AF_INET6 ones (an IPv4-mapped one among these, under
     * its IPv4 address, as InetAddress makes it), then every unix one with a name in the file system.
     */
    static List<ListeningSocket> listeners() throws SyscallException {
        return listeners(Libc.netlink());
    }

    /** The same through {@code lib} (a counting wrapper in tests). */
    static List<ListeningSocket> listeners(LibcNetlink lib) throws SyscallException {
        int fd = (int) Libc.check(lib.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG),
                "open a NETLINK_SOCK_DIAG socket");
        Throwable pending = null;
        try {
            List<ListeningSocket> out = tcp(dump(lib, fd, tcpRequest(), "tcp"));
            out.addAll(unix(dump(lib, fd, unixRequest(), "unix")));
            return out;
        } catch (SyscallException | RuntimeException | Error e) {
            pending = e;
            throw e;
        } finally {
            Libc.checkClose(lib.close(fd), "the NETLINK_SOCK_DIAG socket", pending);
        }
    }

    /**
     * TCPDIAG_GETSOCK for LISTEN, every address (the inet_diag_sockid stays zero). The dump reads no family from
     * it (inet_diag_dump_compat sets AF_UNSPEC itself); AF_UNSPEC is written for the reader.
     */
    static byte[] tcpRequest() {
        ByteBuffer req = request(TCPDIAG_GETSOCK, INET_DIAG_REQ);
        req.put((byte) AF_UNSPEC).put((byte) 0).put((byte) 0).put((byte) 0);
        req.position(HEADER + 4 + 48);
        req.putInt(1 << TCP_LISTEN).putInt(0);
        return req.array();
    }

    /** SOCK_DIAG_BY_FAMILY for AF_UNIX in LISTEN, with their names. */
    static byte[] unixRequest() {
        ByteBuffer req = request(SOCK_DIAG_BY_FAMILY, 24);
        req.put((byte) AF_UNIX).put((byte) 0).putShort((short) 0).putInt(1 << TCP_LISTEN).putInt(0)
                .putInt(UDIAG_SHOW_NAME);
        return req.array();
    }

    /**
     * The sockets of inet_diag_msg answers, IPv4 ones first: the order the per-family requests gave, which callers
     * saw before (the kernel's own order mixes the families, as its listening hash holds them).
     */
    static List<ListeningSocket> tcp(List<ByteBuffer> answers) {
        List<ListeningSocket> v4 = new ArrayList<>();
        List<ListeningSocket> v6 = new ArrayList<>();
        for (ByteBuffer msg : answers) {
            int family = msg.get(0) & 0xff;
            int port = ((msg.get(4) & 0xff) << 8) | (msg.get(5) & 0xff); // network byte order
            byte[] address = new byte[family == AF_INET6 ? 16 : 4];
            msg.position(8);
            msg.get(address);
            long inode = msg.getInt(INET_DIAG_INODE) & 0xffffffffL;
            try {
                (family == AF_INET6 ? v6 : v4).add(new ListeningSocket(inode,
                        new InetSocketAddress(InetAddress.getByAddress(address), port)));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("kernel reported a " + address.length + "-byte address", e);
            }
        }
        v4.addAll(v6);
        return v4;
    }

    /** Unix sockets with a name in the file system (abstract and unnamed ones are left out). */
    private static List<ListeningSocket> unix(List<ByteBuffer> answers) {
        List<ListeningSocket> out = new ArrayList<>();
        for (ByteBuffer msg : answers) {
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

    private static ByteBuffer request(int type, int payload) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload).order(ByteOrder.nativeOrder());
        b.putInt(HEADER + payload).putShort((short) type)
                .putShort((short) (NLM_F_REQUEST | NLM_F_DUMP)).putInt(1).putInt(0);
        return b;
    }

    /** Sends one dump request on {@code fd} and returns the payload of every answer, up to NLMSG_DONE. */
    private static List<ByteBuffer> dump(LibcNetlink lib, int fd, byte[] request, String what)
            throws SyscallException {
        byte[] kernel = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putShort((short) AF_NETLINK).array();
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
