package org.lighttpdctl.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 4: the listeners come from the kernel in one query, one netlink socket and one dump per table
 * (TCP of both IP families in one, unix in the other), against the real kernel.
 */
class SockDiagTest {

    @Test
    void oneQueryFindsAnIpv4AnIpv6AndAUnixListener(@TempDir Path dir) throws Exception {
        try (ServerSocketChannel v4 = ServerSocketChannel.open(StandardProtocolFamily.INET);
             ServerSocketChannel v6 = ServerSocketChannel.open(StandardProtocolFamily.INET6);
             ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
             ServerSocket mapped = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            // (Java's default socket is AF_INET6: bound to 127.0.0.1 it is ::ffff:127.0.0.1 in the kernel)
            v4.bind(new InetSocketAddress("127.0.0.1", 0));
            v6.bind(new InetSocketAddress("::1", 0));
            UnixDomainSocketAddress path = UnixDomainSocketAddress.of(dir.resolve("s.sock"));
            unix.bind(path);
            CountingNetlink counting = new CountingNetlink();
            List<ListeningSocket> all = SockDiag.listeners(counting);
            Set<Long> mine = new Procfs().socketInodes((int) ProcessHandle.current().pid());
            int at4 = indexOf(all, v4.getLocalAddress(), mine);
            int at6 = indexOf(all, v6.getLocalAddress(), mine);
            int atUnix = indexOf(all, path, mine);
            int atMapped = indexOf(all, mapped.getLocalSocketAddress(), mine);
            assertTrue(at4 < at6 && at6 < atUnix, "AF_INET, then AF_INET6, then unix: " + all);
            assertTrue(at4 < atMapped && atMapped < atUnix, "an IPv4-mapped AF_INET6 socket among the IPv6 ones, "
                    + "under its IPv4 address: " + all);
            assertEquals(1, counting.sockets, "one netlink socket");
            assertEquals(1, counting.closes, "closed once");
            assertEquals(2, counting.sent.size(), "one request datagram per table, no more");
            ByteBuffer tcp = ByteBuffer.wrap(counting.sent.get(0)).order(ByteOrder.nativeOrder());
            assertEquals(SockDiag.TCPDIAG_GETSOCK, tcp.getShort(4), "TCP of both families in one dump");
            assertEquals(SockDiag.SOCK_DIAG_BY_FAMILY,
                    ByteBuffer.wrap(counting.sent.get(1)).order(ByteOrder.nativeOrder()).getShort(4));
            assertEquals(all, new ListeningSockets(Syscalls.system()).all(), "the same through the seam");
        }
    }

    /**
     * Why the listing sends two datagrams and not one: a netlink socket runs one dump at a time, and the second
     * request of a datagram reaches the kernel while the first dump is still running (its NLMSG_DONE comes from a
     * later netlink_dump call), so it is refused with EBUSY. Should a kernel ever answer both, this fails, and
     * SockDiag can put both requests in one datagram.
     */
    @Test
    void theKernelRefusesASecondDumpSentInTheSameDatagram() throws Exception {
        try (ServerSocketChannel v4 = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            v4.bind(new InetSocketAddress("127.0.0.1", 0)); // at least one answer to the first dump
            byte[] tcp = SockDiag.tcpRequest();
            byte[] unix = SockDiag.unixRequest();
            byte[] both = Arrays.copyOf(tcp, tcp.length + unix.length);
            System.arraycopy(unix, 0, both, tcp.length, unix.length);
            List<String> ends = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> endsOfDumps(both));
            assertEquals(List.of("refused type " + SockDiag.SOCK_DIAG_BY_FAMILY + ": errno 16", "done"), ends);
        }
    }

    /** Sends {@code datagram}, reads until two dumps have ended: "done" or "refused type T: errno E" each. */
    private static List<String> endsOfDumps(byte[] datagram) throws SyscallException {
        LibcNetlink lib = Libc.netlink();
        int fd = (int) Libc.check(lib.socket(16, 3 | 02000000, 4), "open a NETLINK_SOCK_DIAG socket");
        try {
            byte[] kernel = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putShort((short) 16).array();
            assertEquals(datagram.length, lib.sendto(fd, datagram, datagram.length, 0, kernel, kernel.length));
            List<String> ends = new ArrayList<>();
            byte[] buffer = new byte[64 * 1024];
            while (ends.size() < 2) {
                long n = Libc.check(lib.recv(fd, buffer, buffer.length, 0), "read the netlink answer");
                ByteBuffer batch = ByteBuffer.wrap(buffer, 0, (int) n).order(ByteOrder.nativeOrder());
                for (int at = 0; at + 16 <= n; at += (batch.getInt(at) + 3) & ~3) {
                    int type = batch.getShort(at + 4);
                    if (type == 3) {
                        ends.add("done");
                    } else if (type == 2) { // struct nlmsgerr: -errno, then the refused request's header
                        ends.add("refused type " + batch.getShort(at + 16 + 4 + 4) + ": errno "
                                + -batch.getInt(at + 16));
                    }
                }
            }
            return ends;
        } finally {
            lib.close(fd);
        }
    }

    /** The order callers saw from the per-family queries: the kernel's answer mixes the families. */
    @org.junit.jupiter.api.Tag("unit")
    @Test
    void ipv4ListenersComeBeforeIpv6OnesWhateverTheKernelsOrder() throws Exception {
        List<ListeningSocket> got = SockDiag.tcp(List.of(inetDiagMsg(10, "::1", 443, 11),
                inetDiagMsg(2, "127.0.0.1", 80, 22), inetDiagMsg(10, "::", 8443, 33),
                inetDiagMsg(2, "0.0.0.0", 8080, 44)));
        assertEquals(List.of(new ListeningSocket(22, new InetSocketAddress("127.0.0.1", 80)),
                new ListeningSocket(44, new InetSocketAddress("0.0.0.0", 8080)),
                new ListeningSocket(11, new InetSocketAddress("::1", 443)),
                new ListeningSocket(33, new InetSocketAddress("::", 8443))), got);
    }

    /** struct inet_diag_msg: family, state, timer, retrans, sockid (sport, dport, src[16], ...), ..., inode at 68. */
    private static ByteBuffer inetDiagMsg(int family, String address, int port, int inode) throws Exception {
        ByteBuffer msg = ByteBuffer.allocate(72).order(ByteOrder.nativeOrder());
        msg.put(0, (byte) family).put(4, (byte) (port >> 8)).put(5, (byte) port);
        msg.put(8, InetAddress.getByName(address).getAddress());
        msg.putInt(68, inode);
        return msg;
    }

    private static int indexOf(List<ListeningSocket> all, SocketAddress address, Set<Long> mine) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).address().equals(address) && mine.contains(all.get(i).inode())) {
                return i;
            }
        }
        throw new AssertionError(address + " with one of this process's inodes is not in " + all);
    }

    /** The real calls, counted: how many netlink sockets the listing opens and which datagrams it sends. */
    private static final class CountingNetlink extends LibcNetlink {
        int sockets;
        int closes;
        final List<byte[]> sent = new ArrayList<>();

        @Override
        int socket(int domain, int type, int protocol) {
            sockets++;
            return super.socket(domain, type, protocol);
        }

        @Override
        long sendto(int fd, byte[] message, long length, int flags, byte[] address, int addressLength) {
            sent.add(Arrays.copyOf(message, (int) length));
            return super.sendto(fd, message, length, flags, address, addressLength);
        }

        @Override
        long recv(int fd, byte[] buffer, long length, int flags) {
            return super.recv(fd, buffer, length, flags);
        }

        @Override
        int close(int fd) {
            closes++;
            return super.close(fd);
        }
    }
}
