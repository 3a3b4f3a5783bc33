package org.lighttpdctl.lifecycle.restart;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.lighttpdctl.Checkpoint;
import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.os.Sleep;
import org.lighttpdctl.server.Endpoint;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.WrapperConfig;

/**
 * Proves a new generation serves before the old one is touched: it is alive, it holds the handed-over sockets, it
 * answers a real HTTP request through its private probe socket (which only it holds, see {@link ProbeSocket}),
 * with the token of this restart in its Server: header, and every shared listener answers a real request.
 */
public final class ReadinessProbe {
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_RESPONSE_HEAD = 16 * 1024;
    private static final String URANDOM = "/dev/urandom";
    private final Context context;

    ReadinessProbe(Context context) {
        this.context = context;
    }

    /**
     * 96 bits from the kernel's CSPRNG, read from /dev/urandom directly: SecureRandom reads the same device, but
     * its first use in a JVM sets up the security providers, 20-30 ms of a graceful restart (README, "Cost").
     */
    public static String newToken() {
        try (FileInputStream random = new FileInputStream(URANDOM)) {
            byte[] bytes = random.readNBytes(12);
            if (bytes.length != 12) {
                throw new IOException("short read");
            }
            return HexFormat.of().formatHex(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + URANDOM + ": " + e.getMessage(), e);
        }
    }

    void await(Generation generation, List<Endpoint> endpoints, Set<Long> inodes,
               java.util.Optional<Endpoint> privateProbe, String token, Duration timeout)
            throws LighttpdctlException {
        long deadline = System.nanoTime() + timeout.toNanos();
        requireAlive(generation);
        Set<Long> held = context.procfs().socketInodes(generation.pid());
        if (!held.containsAll(inodes)) {
            throw notReady(generation, "it does not hold the listening sockets handed to it");
        }
        String tag = "server: " + WrapperConfig.probeTag(token).toLowerCase(Locale.ROOT);
        // Without a private probe socket, a shared listener answers with the tag only when the new one accepted.
        Endpoint tagged = privateProbe.orElse(endpoints.get(0));
        int attempts = awaitAnswer(generation, tagged, token, deadline,
                head -> head.lines().anyMatch(line -> line.trim().equals(tag)), "answered without its token");
        context.console().step(Checkpoint.NEW_GENERATION_ANSWERED, "new generation answered on " + (privateProbe.isPresent()
                ? "its private probe socket" : tagged) + " (" + attempts + " probe(s))");
        for (Endpoint endpoint : endpoints) {
            attempts = awaitAnswer(generation, endpoint, token, deadline, head -> head.startsWith("http/"),
                    "no HTTP response");
            context.console().step(endpoint + " answers (" + attempts + " probe(s))");
        }
    }

    private int awaitAnswer(Generation generation, Endpoint endpoint, String token, long deadline,
                            java.util.function.Predicate<String> accepted, String whyNot)
            throws LighttpdctlException {
        String lastProblem = "no answer";
        for (int attempt = 1; ; attempt++) {
            try {
                if (accepted.test(probe(endpoint, token).toLowerCase(Locale.ROOT))) {
                    return attempt;
                }
                lastProblem = whyNot;
            } catch (IOException e) {
                lastProblem = e.toString();
            }
            requireAlive(generation);
            if (System.nanoTime() > deadline) {
                throw notReady(generation, "no answer on " + endpoint + " after " + attempt + " probe(s): "
                        + lastProblem);
            }
            Sleep.millis(Math.min(50, attempt));
        }
    }

    private void requireAlive(Generation generation) throws LighttpdctlException {
        if (!context.scan().isSameProcess(generation)) {
            throw notReady(generation, "it exited");
        }
    }

    private static LighttpdctlException notReady(Generation generation, String why) {
        return new LighttpdctlException(ExitCode.GENERIC_ERROR,
                "new generation (PID " + generation.pid() + ") is not ready: " + why);
    }

    /** Sends one probe request and returns the response head. */
    static String probe(Endpoint endpoint, String token) throws IOException {
        byte[] request = ("GET / HTTP/1.0\r\nHost: localhost\r\nUser-Agent: lighttpdctl-probe\r\n"
                + WrapperConfig.PROBE_HEADER + ": " + token + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        SocketAddress address = endpoint.probeAddress();
        if (address instanceof UnixDomainSocketAddress unix) {
            return probeUnix(unix, request);
        }
        try (Socket socket = endpoint.tls() ? tlsSocket((InetSocketAddress) address) : plainSocket(address)) {
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return readHead(socket.getInputStream());
        }
    }

    private static Socket plainSocket(SocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, (int) IO_TIMEOUT.toMillis());
        socket.setSoTimeout((int) IO_TIMEOUT.toMillis());
        return socket;
    }

    /** The probe checks that the server answers, not who it is: certificates are not verified. */
    private static Socket tlsSocket(InetSocketAddress address) throws IOException {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new AcceptingTrustManager()}, null);
            Socket plain = plainSocket(address);
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, "localhost",
                    address.getPort(), true);
            socket.startHandshake();
            return socket;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for the probe: " + e.getMessage(), e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while (head.length() < MAX_RESPONSE_HEAD && (c = in.read()) != -1) {
            head.append((char) c);
            if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
                break;
            }
        }
        return head.toString();
    }

    /** Unix sockets have no java.net.Socket: a channel with a selector bounds the wait instead. */
    private static String probeUnix(UnixDomainSocketAddress address, byte[] request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            channel.connect(address);
            channel.write(ByteBuffer.wrap(request));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            ByteBuffer buffer = ByteBuffer.allocate(MAX_RESPONSE_HEAD);
            long deadline = System.nanoTime() + IO_TIMEOUT.toNanos();
            while (buffer.hasRemaining() && System.nanoTime() < deadline) {
                selector.select(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                selector.selectedKeys().clear();
                if (channel.read(buffer) < 0) {
                    break;
                }
                String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
                if (text.contains("\r\n\r\n")) {
                    return text;
                }
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
        }
    }

    private static final class AcceptingTrustManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
