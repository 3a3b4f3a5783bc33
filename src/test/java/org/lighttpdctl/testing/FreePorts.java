package org.lighttpdctl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks free loopback TCP ports at run time; tests never use fixed ports.
 *
 * <p>A port is free if a probe socket can bind it on the loopback address; the probe is closed
 * before the port is returned, so a race with another process remains possible but short.
 *
 * <p>Why not simply bind port 0: the kernel then hands out a port from the ephemeral range
 * ({@code net.ipv4.ip_local_port_range}), the same range it uses for the source ports of outgoing
 * connections. While a server is restarting, nothing listens on its port, and a load client making
 * thousands of connections can be given that very port as a source port (a TCP self-connect), which
 * then makes the new server's bind fail. So candidates are drawn below the ephemeral range, and
 * port 0 is only a fallback.
 */
public final class FreePorts {
    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 200;

    private FreePorts() {}

    /** @return a port free on 127.0.0.1 */
    public static int pick() {
        return pick(1)[0];
    }

    /** @return a port free on both 127.0.0.1 and [::1] */
    public static int pickDualStack() {
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = pick();
            if (isFree(loopback6(), port)) {
                return port;
            }
        }
        throw new IllegalStateException("no port free on both 127.0.0.1 and [::1]");
    }

    /**
     * @param count how many ports
     * @return {@code count} distinct ports free on 127.0.0.1 (all probes are held open until every
     *     port is picked, so they are distinct)
     */
    public static int[] pick(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(bindFreePort(InetAddress.getLoopbackAddress()));
            }
            return held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            held.forEach(FreePorts::closeQuietly);
        }
    }

    private static ServerSocket bindFreePort(InetAddress address) {
        int high = ephemeralLow() - 1;
        for (int i = 0; i < ATTEMPTS && high > LOWEST; i++) {
            int candidate = ThreadLocalRandom.current().nextInt(LOWEST, high + 1);
            ServerSocket socket = tryBind(address, candidate);
            if (socket != null) {
                return socket;
            }
        }
        ServerSocket socket = tryBind(address, 0);
        if (socket == null) {
            throw new IllegalStateException("cannot bind any port on " + address);
        }
        return socket;
    }

    private static boolean isFree(InetAddress address, int port) {
        ServerSocket socket = tryBind(address, port);
        closeQuietly(socket);
        return socket != null;
    }

    private static ServerSocket tryBind(InetAddress address, int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(false);
            try {
                socket.bind(new InetSocketAddress(address, port), 1);
                return socket;
            } catch (IOException e) {
                socket.close();
                return null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lower bound of the kernel's ephemeral port range, 32768 if unreadable. */
    private static int ephemeralLow() {
        try {
            String range = ProcFs.read(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    private static InetAddress loopback6() {
        try {
            return InetAddress.getByName("::1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // a probe socket: nothing to do
        }
    }
}
