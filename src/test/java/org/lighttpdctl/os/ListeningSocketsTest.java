package org.lighttpdctl.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListeningSocketsTest {

    @Test
    void kernelAddressesAreDecoded() throws Exception {
        assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080),
                ListeningSockets.parseTcpAddress("0100007F:1F90"));
        assertEquals(new InetSocketAddress(InetAddress.getByName("::1"), 443),
                ListeningSockets.parseTcpAddress("00000000000000000000000001000000:01BB"));
        assertEquals(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 80),
                ListeningSockets.parseTcpAddress("00000000:0050"));
    }

    @Test
    void aRealListenerIsFoundWithItsInode(@TempDir Path dir) throws Exception {
        try (ServerSocket tcp = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            Path path = dir.resolve("s.sock");
            unix.bind(UnixDomainSocketAddress.of(path));
            var all = new ListeningSockets(Syscalls.system()).all();
            var mine = new Procfs().socketInodes((int) ProcessHandle.current().pid());
            assertTrue(all.stream().anyMatch(s -> s.address().equals(tcp.getLocalSocketAddress())
                    && mine.contains(s.inode())), all.toString());
            assertTrue(all.stream().anyMatch(s -> s.address().equals(UnixDomainSocketAddress.of(path))
                    && mine.contains(s.inode())), all.toString());
        }
    }

    /**
     * Issue 14, finding 4: a unix socket whose name holds a newline adds a line to /proc/net/unix. Asked of the
     * kernel, the name is the name: the socket is listed once, under its whole name, and nothing else appears.
     */
    @Test
    void theKernelListsASocketWhoseNameHoldsANewlineUnderItsWholeName() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory(Path.of("/tmp"), "ls");
        try (ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
             ServerSocket tcp = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            long tcpInode = inodeOf(new ListeningSockets(Syscalls.system()).all(), tcp.getLocalSocketAddress());
            // the directory "x\n0000...: ... INODE " holding "f.sock": the second line of its listing reads as a
            // socket at /f.sock with the TCP listener's inode
            Path forged = java.nio.file.Files.createDirectory(dir.resolve(
                    "x\n0000000000000000: 00000002 00000000 00010000 0001 01 " + tcpInode + " ")).resolve("f.sock");
            unix.bind(UnixDomainSocketAddress.of(forged));
            String procNetUnix = java.nio.file.Files.readString(Path.of("/proc/net/unix"));
            assertTrue(procNetUnix.contains("\n0000000000000000: 00000002 00000000 00010000 0001 01 " + tcpInode
                    + " /f.sock\n"), "the forged line is in /proc/net/unix");
            var all = new ListeningSockets(Syscalls.system()).all();
            assertTrue(all.stream().anyMatch(s -> s.address().equals(UnixDomainSocketAddress.of(forged))),
                    all.toString());
            assertTrue(all.stream().noneMatch(s -> s.address().equals(UnixDomainSocketAddress.of("/f.sock"))),
                    all.toString());
            assertEquals(1, all.stream().filter(s -> s.inode() == tcpInode).count(), all.toString());
            assertEquals(java.util.List.of(), new ListeningSockets(Path.of("/proc/net")).all().stream()
                    .filter(s -> s.address().equals(UnixDomainSocketAddress.of("/f.sock"))).toList(),
                    "read from /proc/net, the forged line is not trusted either");
        } finally {
            try (var entries = java.nio.file.Files.walk(dir)) {
                for (Path p : entries.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * The same from /proc/net alone (where the kernel cannot be asked): a line broken by a newline is skipped, and
     * a forged line naming another socket's inode makes that inode trusted nowhere. Nothing throws.
     */
    @Test
    void fromProcNetForgedAndBrokenLinesAreNeverTrusted(@TempDir Path procNet) throws Exception {
        java.nio.file.Files.writeString(procNet.resolve("tcp"), "  sl  local_address rem_address   st tx_queue"
                + " rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242"
                + " 1 0000000000000000 100 0 0 10 0\n"
                + "   1: 0100007F:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4343"
                + " 1 0000000000000000 100 0 0 10 0\n");
        java.nio.file.Files.writeString(procNet.resolve("unix"), "Num       RefCount Protocol Flags    Type St"
                + " Inode Path\n"
                + "0000000000000000: 00000002 00000000 00010000 0001 01  5555 /run/real.sock\n"
                + "0000000000000000: 00000002 00000000 00010000 0001 01  6666 /tmp/x\n"
                + "0000000000000000: 00000002 00000000 00010000 0001 01 4242 /run/lighttpd.sock\n"
                + "0000000000000000: 00000002 00000000 00010000 0001 01  7777 /tmp/y\n"
                + "garbage: 99999999999999999999999 zz\n"
                + "0000000000000000: 00000002 00000000 0001XXXX 0001 01 8888 /tmp/z\n");
        var all = new ListeningSockets(procNet).all();
        assertEquals(java.util.List.of(new ListeningSocket(4343,
                        ListeningSockets.parseTcpAddress("0100007F:1F91")),
                new ListeningSocket(5555, UnixDomainSocketAddress.of("/run/real.sock")),
                new ListeningSocket(6666, UnixDomainSocketAddress.of("/tmp/x")),
                new ListeningSocket(7777, UnixDomainSocketAddress.of("/tmp/y"))), all);
    }

    private static long inodeOf(java.util.List<ListeningSocket> all, java.net.SocketAddress address) {
        return all.stream().filter(s -> s.address().equals(address)).findFirst().orElseThrow().inode();
    }
}
