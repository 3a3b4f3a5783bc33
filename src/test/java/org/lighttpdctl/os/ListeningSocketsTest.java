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
            var all = new ListeningSockets().all();
            var mine = new Procfs().socketInodes((int) ProcessHandle.current().pid());
            assertTrue(all.stream().anyMatch(s -> s.address().equals(tcp.getLocalSocketAddress())
                    && mine.contains(s.inode())), all.toString());
            assertTrue(all.stream().anyMatch(s -> s.address().equals(UnixDomainSocketAddress.of(path))
                    && mine.contains(s.inode())), all.toString());
        }
    }
}
