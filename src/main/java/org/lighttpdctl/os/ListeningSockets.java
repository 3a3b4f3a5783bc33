package org.lighttpdctl.os;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The listening sockets of this network namespace: how a port is known to be free, or a socket inode is tied to
 * an address, without probing anything. Asked of the kernel in one query ({@link SockDiag}, NETLINK_SOCK_DIAG: one
 * socket, one walk of the TCP listening hash for both IP families, one of the unix table); read from
 * /proc/net/tcp, tcp6 and unix only where the kernel cannot be asked (a unit's RestrictAddressFamilies= without
 * AF_NETLINK, the diag modules missing in a container).
 *
 * <p>/proc/net/unix prints socket names raw: any user can bind a socket whose name holds a newline and so add
 * lines of their choosing. Read from there, a line that is not exactly the kernel's format is skipped, and an
 * inode listed twice (a forged line naming a real socket's inode) is trusted in neither place: a configured
 * listener is never taken from text another user wrote. Callers tie an inode to a process only through that
 * process's own descriptors (/proc/PID/fd).
 */
public final class ListeningSockets {
    private static final String TCP_LISTEN = "0A";
    /** __SO_ACCEPTCON in /proc/net/unix's Flags column: the socket is listening. */
    private static final int UNIX_ACCEPTCON = 0x10000;
    private final Optional<Path> procNet;
    private final SocketCalls kernel;

    /** What {@code kernel} answers (a fake in unit tests), /proc/net where it cannot be asked. */
    public ListeningSockets(SocketCalls kernel) {
        this.procNet = Optional.empty();
        this.kernel = kernel;
    }

    /** Only what the files of this directory say (laid out like /proc/net): for tests. */
    public ListeningSockets(Path procNet) {
        this.procNet = Optional.of(procNet);
        this.kernel = null;
    }

    /** Every TCP (IPv4 and IPv6) and unix stream socket in the LISTEN state. */
    public List<ListeningSocket> all() {
        List<ListeningSocket> sockets = new ArrayList<>();
        if (procNet.isEmpty()) {
            Optional<List<ListeningSocket>> asked = fromKernel();
            if (asked.isPresent()) {
                return asked.get();
            }
        }
        Path dir = procNet.orElse(Path.of("/proc/net"));
        readTcp(dir, "tcp", sockets);
        readTcp(dir, "tcp6", sockets);
        readUnix(dir, sockets);
        return withoutDuplicateInodes(sockets);
    }

    private Optional<List<ListeningSocket>> fromKernel() {
        try {
            return Optional.of(kernel.listeners());
        } catch (SyscallException | LinkageError e) {
            return Optional.empty(); // not allowed or not available here: /proc/net instead
        }
    }

    private static void readTcp(Path dir, String table, List<ListeningSocket> into) {
        for (String line : lines(dir, table)) {
            Matcher m = ProcNetLine.TCP_LINE.matcher(line);
            if (m.matches() && m.group(3).equals(TCP_LISTEN)) {
                parseInode(m.group(4)).ifPresent(inode -> into.add(new ListeningSocket(inode,
                        parseTcpAddress(m.group(1) + ":" + m.group(2)))));
            }
        }
    }

    private static void readUnix(Path dir, List<ListeningSocket> into) {
        for (String line : lines(dir, "unix")) {
            Matcher m = ProcNetLine.UNIX_LINE.matcher(line);
            if (!m.matches() || m.group(3) == null || m.group(3).isEmpty() || m.group(3).startsWith("@")
                    || (Long.parseLong(m.group(1), 16) & UNIX_ACCEPTCON) == 0) {
                continue;
            }
            Optional<Long> inode = parseInode(m.group(2));
            if (inode.isPresent()) {
                try {
                    into.add(new ListeningSocket(inode.get(), UnixDomainSocketAddress.of(m.group(3))));
                } catch (IllegalArgumentException e) {
                    // not a path (a NUL byte): not a socket anyone configured
                }
            }
        }
    }

    /** An inode listed more than once was forged at least once; neither listing is trusted. */
    private static List<ListeningSocket> withoutDuplicateInodes(List<ListeningSocket> sockets) {
        Map<Long, Integer> count = new HashMap<>();
        sockets.forEach(s -> count.merge(s.inode(), 1, Integer::sum));
        return sockets.stream().filter(s -> count.get(s.inode()) == 1).toList();
    }

    private static Optional<Long> parseInode(String digits) {
        try {
            return Optional.of(Long.parseLong(digits));
        } catch (NumberFormatException e) {
            return Optional.empty();
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

    private static List<String> lines(Path dir, String table) {
        try {
            List<String> all = Procfs.readText(dir.resolve(table)).lines().toList();
            return all.isEmpty() ? all : all.subList(1, all.size());
        } catch (IOException e) {
            return List.of(); // No IPv6 in this kernel, say.
        }
    }

    /**
     * The lines of /proc/net, compiled only when the fallback reads them: this class is loaded by every action
     * (through Context), and two regular expressions compiled by the interpreter at its load cost each status
     * CPU for nothing.
     */
    private static final class ProcNetLine {
        /** sl local_address rem_address st ...: "  0: 0100007F:1F90 00000000:0000 0A ..." */
        static final Pattern TCP_LINE = Pattern.compile(
                " *\\d+: ([0-9A-F]{8}|[0-9A-F]{32}):([0-9A-F]{4}) [0-9A-F]{8,32}:[0-9A-F]{4} ([0-9A-F]{2})"
                        + " [0-9A-F]{8}:[0-9A-F]{8} [0-9A-F]{2}:[0-9A-F]{8} [0-9A-F]{8} +\\d+ +\\d+ (\\d+)( .*)?");
        /**
         * Num RefCount Protocol Flags Type St Inode Path:
         * "0000000000000000: 00000002 00000000 00010000 0001 01 12345 /p"
         */
        static final Pattern UNIX_LINE = Pattern.compile(
                "[0-9a-f]{8,16}: [0-9A-F]{8} [0-9A-F]{8} ([0-9A-F]{8}) [0-9A-F]{4} [0-9A-F]{2} +(\\d{1,19})(?: (.*))?");
    }
}
