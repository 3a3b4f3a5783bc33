package org.lighttpdctl.os;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The listening sockets of this network namespace, read from /proc/net/tcp, tcp6 and unix. Reading them needs no
 * port to be probed: this is how a port is known to be free, or a socket inode is tied to an address.
 */
public final class ListeningSockets {
    private static final String TCP_LISTEN = "0A";
    /** __SO_ACCEPTCON in /proc/net/unix's Flags column: the socket is listening. */
    private static final int UNIX_ACCEPTCON = 0x10000;

    private final Path procNet;

    public ListeningSockets() {
        this(Path.of("/proc/net"));
    }

    public ListeningSockets(Path procNet) {
        this.procNet = procNet;
    }

    /** Every TCP (IPv4 and IPv6) and unix stream socket in the LISTEN state. */
    public List<ListeningSocket> all() {
        List<ListeningSocket> sockets = new ArrayList<>();
        readTcp("tcp", sockets);
        readTcp("tcp6", sockets);
        readUnix(sockets);
        return sockets;
    }

    private void readTcp(String table, List<ListeningSocket> into) {
        for (String line : lines(table)) {
            // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !f[3].equals(TCP_LISTEN)) {
                continue;
            }
            into.add(new ListeningSocket(Long.parseLong(f[9]), parseTcpAddress(f[1])));
        }
    }

    private void readUnix(List<ListeningSocket> into) {
        for (String line : lines("unix")) {
            // Num RefCount Protocol Flags Type St Inode Path
            String[] f = line.trim().split("\\s+");
            if (f.length < 8 || (Integer.parseInt(f[3], 16) & UNIX_ACCEPTCON) == 0 || f[7].startsWith("@")) {
                continue;
            }
            into.add(new ListeningSocket(Long.parseLong(f[6]), UnixDomainSocketAddress.of(f[7])));
        }
    }

    /**
     * "0100007F:1F90" is 127.0.0.1:8080: the kernel prints each 32-bit word of the address in host byte order
     * (little-endian here), the port as a plain hexadecimal number.
     */
    static InetSocketAddress parseTcpAddress(String hex) {
        String[] parts = hex.split(":");
        String words = parts[0];
        byte[] address = new byte[words.length() / 2];
        for (int word = 0; word < address.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                address[word * 4 + b] = (byte) Integer.parseInt(words.substring(at, at + 2), 16);
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), Integer.parseInt(parts[1], 16));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address in /proc/net: " + hex, e);
        }
    }

    private List<String> lines(String table) {
        try {
            List<String> all = Procfs.readText(procNet.resolve(table)).lines().toList();
            return all.isEmpty() ? all : all.subList(1, all.size());
        } catch (IOException e) {
            return List.of(); // No IPv6 in this kernel, say.
        }
    }
}
