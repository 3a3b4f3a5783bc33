package org.lighttpdctl.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import jnr.ffi.LibraryLoader;
import jnr.posix.CmsgHdr;
import jnr.posix.MsgHdr;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sd_notify with descriptors, received the way systemd receives it: a datagram socket bound to a path, recvmsg(2)
 * with SCM_RIGHTS. The descriptor that arrives must be the same socket (same inode) as the one sent.
 */
class NotifyWithDescriptorsTest {

    /** The receiving side's libc calls. */
    public interface Receiver {
        int socket(int domain, int type, int protocol);

        int bind(int fd, @jnr.ffi.annotations.In byte[] address, int length);
    }

    @Test
    void aListeningSocketArrivesWithTheMessage(@TempDir Path dir) throws Exception {
        POSIX posix = POSIXFactory.getNativePOSIX();
        Receiver libc = LibraryLoader.create(Receiver.class).load("c");
        Path notify = dir.resolve("notify");
        int receiver = libc.socket(1, 2, 0);
        byte[] name = notify.toString().getBytes(StandardCharsets.UTF_8);
        byte[] address = new byte[2 + name.length + 1];
        address[0] = 1;
        System.arraycopy(name, 0, address, 2, name.length);
        assertEquals(0, libc.bind(receiver, address, address.length));

        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Procfs procfs = new Procfs();
            int self = (int) ProcessHandle.current().pid();
            long inode = new ListeningSockets(Syscalls.system()).all().stream()
                    .filter(s -> s.address().equals(listener.getLocalSocketAddress())).findFirst().orElseThrow().inode();
            int fd = procfs.socketDescriptors(self).get(inode);

            new NativeSyscalls().notifyWithDescriptors(notify.toString(), "FDSTORE=1\nFDNAME=test", List.of(fd));

            MsgHdr message = posix.allocateMsgHdr();
            ByteBuffer text = ByteBuffer.allocateDirect(256);
            message.setIov(new ByteBuffer[] {text});
            message.allocateControl(4);
            int received = posix.recvmsg(receiver, message, 0);
            assertEquals("FDSTORE=1\nFDNAME=test".length(), received);
            CmsgHdr rights = message.getControls()[0];
            assertEquals(1, rights.getLevel()); // SOL_SOCKET
            assertEquals(1, rights.getType()); // SCM_RIGHTS
            int arrived = rights.getData().order(ByteOrder.nativeOrder()).getInt(0);
            assertEquals("socket:[" + inode + "]",
                    java.nio.file.Files.readSymbolicLink(Path.of("/proc/self/fd/" + arrived)).toString());
            posix.close(arrived);
        } finally {
            posix.close(receiver);
        }
    }
}
