package org.lighttpdctl.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

import org.lighttpdctl.os.ListeningSocket;
import org.lighttpdctl.os.Text;

/**
 * A socket lighttpd listens on, as its configuration names it: server.bind/server.port or a $SERVER["socket"]
 * block. {@code tls} is set where ssl.engine is enabled for it, so a readiness probe knows to speak TLS.
 */
public sealed interface Endpoint {

    /** True when this kernel listening socket is the one this endpoint names. */
    boolean isBoundBy(ListeningSocket socket);

    /** Where a client on this machine connects to reach this endpoint (a wildcard is reached on loopback). */
    SocketAddress probeAddress();

    boolean tls();

    /** A TCP endpoint; {@code host} is empty for the IPv4 wildcard, as lighttpd binds when server.bind is unset. */
    record Tcp(String host, int port, boolean tls) implements Endpoint {
        @Override
        public boolean isBoundBy(ListeningSocket socket) {
            if (!(socket.address() instanceof InetSocketAddress bound) || bound.getPort() != port) {
                return false;
            }
            try {
                for (InetAddress candidate : InetAddress.getAllByName(bareHost())) {
                    if (candidate.equals(bound.getAddress())) {
                        return true;
                    }
                }
            } catch (UnknownHostException e) {
                return false;
            }
            return false;
        }

        @Override
        public SocketAddress probeAddress() {
            try {
                InetAddress address = InetAddress.getByName(bareHost());
                if (address.isAnyLocalAddress()) {
                    address = InetAddress.getByName(address.getAddress().length == 4 ? "127.0.0.1" : "::1");
                }
                return new InetSocketAddress(address, port);
            } catch (UnknownHostException e) {
                return InetSocketAddress.createUnresolved(bareHost(), port);
            }
        }

        private String bareHost() {
            if (host.isEmpty()) {
                return "0.0.0.0";
            }
            return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        }

        @Override
        public String toString() {
            return (host.isEmpty() ? "*" : host) + ":" + port + (tls ? " (tls)" : "");
        }

        // Written out: a record's generated equals and hashCode link through invokedynamic (ObjectMethods), which
        // spins method-handle classes at run time that the class-data-sharing archive cannot hold (README, costs).
        @Override
        public boolean equals(Object other) {
            return other instanceof Tcp that && that.port == port && that.tls == tls && that.host.equals(host);
        }

        @Override
        public int hashCode() {
            return (host.hashCode() * 31 + port) * 31 + Boolean.hashCode(tls);
        }
    }

    /** A unix-domain stream socket at a path. */
    record Unix(Path path, boolean tls) implements Endpoint {
        @Override
        public boolean isBoundBy(ListeningSocket socket) {
            return socket.address() instanceof UnixDomainSocketAddress bound && bound.getPath().equals(path);
        }

        @Override
        public SocketAddress probeAddress() {
            return UnixDomainSocketAddress.of(path);
        }

        @Override
        public String toString() {
            return "unix:" + path + (tls ? " (tls)" : "");
        }

        // Written out, as in Tcp.
        @Override
        public boolean equals(Object other) {
            return other instanceof Unix that && that.tls == tls && that.path.equals(path);
        }

        @Override
        public int hashCode() {
            return path.hashCode() * 31 + Boolean.hashCode(tls);
        }
    }

    /**
     * Parses the value of server.bind or a $SERVER["socket"] condition: "/path" (unix), "[::1]:8080",
     * "127.0.0.1:8080", ":8080", or a bare host with {@code defaultPort}.
     *
     * @throws InvalidEndpointException for an unclosed "[", a port that is not a number from 0 to 65535, or an empty
     *                                  unix path
     */
    static Endpoint parse(String spec, int defaultPort, boolean tls) throws InvalidEndpointException {
        if (spec.startsWith("/")) {
            return new Unix(Path.of(spec), tls);
        }
        if (spec.startsWith("[")) {
            int close = spec.indexOf(']');
            if (close < 0) {
                throw new InvalidEndpointException(spec, "no ']' closes the IPv6 address");
            }
            String rest = spec.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new InvalidEndpointException(spec, "expected ':port' after the IPv6 address");
            }
            return new Tcp(spec.substring(0, close + 1), rest.isEmpty() ? defaultPort : port(spec, rest.substring(1)),
                    tls);
        }
        int colon = spec.lastIndexOf(':');
        if (colon >= 0) {
            return new Tcp(spec.substring(0, colon), port(spec, spec.substring(colon + 1)), tls);
        }
        return new Tcp(spec, defaultPort, tls);
    }

    private static int port(String spec, String text) throws InvalidEndpointException {
        if (!Text.isDigits(text, 1, 5, false) || Integer.parseInt(text) > 65535) {
            throw new InvalidEndpointException(spec, "port \"" + text + "\" is not a number from 0 to 65535");
        }
        return Integer.parseInt(text);
    }
}
