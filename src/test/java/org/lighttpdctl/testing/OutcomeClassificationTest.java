package org.lighttpdctl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The request classification against scripted misbehaving servers on loopback: each answers one
 * connection in a fixed way.
 */
@Timeout(60)
@org.junit.jupiter.api.Tag("unit") // pure: neither root nor lighttpd (make test-unit)
class OutcomeClassificationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void completeResponseIsOk() throws Exception {
        assertEquals(Outcome.OK, fetchFrom(out -> respond(out, "200 OK", 5, "hello")));
    }

    @Test
    void shortBodyIsTruncated() throws Exception {
        assertEquals(Outcome.TRUNCATED, fetchFrom(out -> respond(out, "200 OK", 100, "only a part")));
    }

    @Test
    void closeBeforeTheHeadIsReset() throws Exception {
        assertEquals(Outcome.RESET, fetchFrom(out -> out.write("HTTP/1.1 200 OK\r\nContent-Le".getBytes())));
    }

    @Test
    void abortiveCloseIsReset() throws Exception {
        assertEquals(Outcome.RESET, fetchFrom(null));
    }

    @Test
    void non200IsAnHttpError() throws Exception {
        assertEquals(Outcome.HTTP_ERROR, fetchFrom(out -> respond(out, "503 Service Unavailable", 4, "busy")));
    }

    @Test
    void silentServerIsATimeout() throws Exception {
        try (ServerSocket server = listen()) {
            // the kernel completes the handshake from the backlog; nobody ever answers
            SmallGet.Result result = SmallGet.fetch(address(server), "/", Duration.ofMillis(300));
            assertEquals(Outcome.TIMEOUT, result.outcome(), result.detail());
        }
    }

    private interface Script {
        void answer(OutputStream out) throws IOException;
    }

    /**
     * Serves one connection: reads the request head, then runs {@code script} and closes normally,
     * or (script null) closes with a RST.
     */
    private static Outcome fetchFrom(Script script) throws Exception {
        try (ServerSocket server = listen()) {
            Thread serverThread = new Thread(() -> serveOnce(server, script));
            serverThread.start();
            SmallGet.Result result = SmallGet.fetch(address(server), "/", TIMEOUT);
            serverThread.join(TIMEOUT.toMillis());
            return result.outcome();
        }
    }

    private static void serveOnce(ServerSocket server, Script script) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            ResponseHeadSkipper.skipRequest(socket);
            if (script == null) {
                socket.setSoLinger(true, 0);
                return;
            }
            script.answer(socket.getOutputStream());
            socket.getOutputStream().flush();
        } catch (IOException ignored) {
            // the client sees whatever this left behind
        }
    }

    private static void respond(OutputStream out, String status, int contentLength, String body) throws IOException {
        out.write(("HTTP/1.1 " + status + "\r\nContent-Length: " + contentLength
                + "\r\nConnection: close\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII));
    }

    private static ServerSocket listen() throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return server;
    }

    private static InetSocketAddress address(ServerSocket server) {
        return new InetSocketAddress("127.0.0.1", server.getLocalPort());
    }

    /** Reads a request head (up to the blank line). */
    private static final class ResponseHeadSkipper {
        static void skipRequest(Socket socket) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = socket.getInputStream().read();
                if (b < 0) {
                    return;
                }
                head.append((char) b);
            }
        }
    }
}
