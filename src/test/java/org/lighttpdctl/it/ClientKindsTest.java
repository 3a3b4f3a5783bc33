package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.lighttpdctl.testing.FreePorts;
import org.lighttpdctl.testing.PhpSite;

/**
 * What clients as they are in the wild see across {@code lighttpdctl graceful}, measured (each test prints its
 * figures; the assertions are what the README states): curl reusing an HTTP/1.1 keep-alive connection, curl over
 * HTTP/2 with TLS (Debian's lighttpd-mod-openssl, a certificate made for the test), a POST whose body is still
 * being sent during the restart, and a plain client that reuses an idle keep-alive connection without checking it.
 */
class ClientKindsTest extends SiteTest {
    /** Requests each curl makes, 20 per second on one connection (10 s): the restart falls in the middle. */
    private static final int CURL_REQUESTS = 200;

    /**
     * lighttpd closes idle keep-alive connections when it takes SIGINT; curl sees the close before it reuses the
     * connection and opens a new one: nothing lost.
     */
    @Test
    void curlReusingAnHttp11KeepAliveConnectionLosesNothing() throws Exception {
        assertEquals(0, ctl.run("start").exitCode());
        List<String> lines = curlAcrossGraceful(List.of("--http1.1"), "http://127.0.0.1:" + site.port() + "/index.html",
                "--strategy", "handoff");
        System.out.println("curl --http1.1 keep-alive across graceful: " + summary(lines));
        assertEquals(CURL_REQUESTS, lines.stream().filter(l -> l.startsWith("200 ")).count(), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("200 1 ")) && connections(lines) >= 2,
                "curl must have opened a new connection after the restart: " + lines);
    }

    /**
     * HTTP/2 over TLS: lighttpd sends GOAWAY at SIGINT and at SIGUSR1 (in-place, the stock reload); curl 7.88
     * may fail the one request it had started on that connection ("Error in the HTTP2 framing layer", exit 16)
     * and opens a new connection for the next. At most one request per connection is lost, with either.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"handoff", "in-place"})
    void curlOverHttp2WithTlsLosesAtMostTheRequestInFlightAtTheGoaway(String strategy) throws Exception {
        int tlsPort = enableTls();
        assertEquals(0, ctl.run("start").exitCode());
        List<String> lines = curlAcrossGraceful(List.of("--http2", "-k"), "https://127.0.0.1:" + tlsPort + "/index.html",
                "--strategy", strategy);
        System.out.println("curl --http2 (TLS) across graceful --strategy " + strategy + ": " + summary(lines));
        long ok = lines.stream().filter(l -> l.startsWith("200 ") && l.contains(" 2 ")).count();
        assertTrue(ok >= CURL_REQUESTS - 1, lines.toString());
        assertTrue(lines.get(lines.size() - 1).startsWith("200 "), lines.toString());
    }

    /** A request whose body is still arriving when the restart runs: the old generation receives it and answers. */
    @Test
    void aPostWhoseBodyIsInFlightAcrossTheRestartIsAnswered() throws Exception {
        ctl = ctl.withConfig(PhpSite.render(site, ""));
        Files.writeString(site.docroot().resolve("post.php"),
                "<?php echo strlen(file_get_contents('php://input')), \"\\n\";\n");
        assertEquals(0, ctl.run("start").exitCode());
        byte[] half = new byte[64 * 1024];
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), site.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /post.php HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: " + 2 * half.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(half);
            out.flush();
            Ctl.Result graceful = ctl.run("graceful");
            assertEquals(0, graceful.exitCode(), graceful.toString());
            out.write(half);
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            System.out.println("POST body in flight across graceful: " + response.lines().findFirst().orElse("")
                    + ", body " + response.substring(response.indexOf("\r\n\r\n") + 4).trim());
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertTrue(response.endsWith("\r\n\r\n" + 2 * half.length + "\n"), response);
        }
    }

    /**
     * A client that reuses an idle keep-alive connection without looking at it first (no check for the server's
     * close) gets no response for that one request: lighttpd closed the idle connection at SIGINT (as it does at
     * SIGUSR1 and at its keep-alive idle timeout). One retry on a new connection succeeds.
     */
    @Test
    void aClientReusingAnIdleConnectionBlindlyNeedsOneRetry() throws Exception {
        assertEquals(0, ctl.run("start").exitCode());
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), site.port())) {
            socket.setSoTimeout(5_000);
            assertTrue(exchange(socket).startsWith("HTTP/1.1 200"));
            Ctl.Result graceful = ctl.run("graceful");
            assertEquals(0, graceful.exitCode(), graceful.toString());
            String second;
            try {
                second = exchange(socket);
            } catch (IOException e) {
                second = e.toString();
            }
            System.out.println("idle keep-alive connection reused blindly after graceful: " + (second.isEmpty()
                    ? "EOF, no response" : second.lines().findFirst().orElse("")));
            assertTrue(!second.startsWith("HTTP/1.1 200"), "lighttpd closes idle keep-alive connections: " + second);
        }
        try (Socket retry = new Socket(InetAddress.getLoopbackAddress(), site.port())) {
            retry.setSoTimeout(5_000);
            assertTrue(exchange(retry).startsWith("HTTP/1.1 200"));
        }
    }

    /** One GET on a kept-alive connection: the response head and body, or "" at EOF. */
    private static String exchange(Socket socket) throws IOException {
        socket.getOutputStream().write("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        int c;
        while (!head.toString().endsWith("\r\n\r\n") && (c = in.read()) >= 0) {
            head.append((char) c);
        }
        if (head.length() == 0) {
            return "";
        }
        int length = Integer.parseInt(head.toString().lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .findFirst().orElseThrow().substring(15).trim());
        in.readNBytes(length);
        return head.toString();
    }

    /** curl fetching {@code url} {@link #CURL_REQUESTS} times at 20/s, with a graceful 1.2 s in. */
    private List<String> curlAcrossGraceful(List<String> options, String url, String... gracefulOptions)
            throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--rate", "20/s", "--max-time", "30",
                "-w", "%{stderr}%{http_code} %{num_connects} %{http_version} %{exitcode}\\n"));
        command.addAll(options);
        for (int i = 0; i < CURL_REQUESTS; i++) {
            command.addAll(List.of("-o", "/dev/null", url));
        }
        // -w to stderr, which curl does not buffer: the lines arrive as the requests end.
        Process curl = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        awaitOutputLines(curl, 20);
        List<String> graceful1 = new ArrayList<>(List.of("graceful"));
        graceful1.addAll(List.of(gracefulOptions));
        Ctl.Result graceful = ctl.run(graceful1.toArray(new String[0]));
        assertEquals(0, graceful.exitCode(), graceful.toString());
        int atCommit = collected.size();
        assertTrue(curl.waitFor(60, TimeUnit.SECONDS), "curl must finish");
        assertTrue(atCommit < CURL_REQUESTS - 20, "the restart must fall within curl's run: " + atCommit);
        return collected;
    }

    private final List<String> collected = java.util.Collections.synchronizedList(new ArrayList<>());

    /** Starts collecting curl's lines and returns once {@code n} have arrived (bounded). */
    private void awaitOutputLines(Process curl, int n) throws InterruptedException {
        Thread reader = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(curl.getErrorStream()))) {
                lines.lines().filter(l -> l.matches("\\d{3} .*")).forEach(collected::add);
            } catch (IOException e) {
                collected.add("read failed: " + e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (collected.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(collected.size() >= n, "curl must be running: " + collected);
    }

    private static long connections(List<String> lines) {
        return lines.stream().filter(l -> l.split(" ").length > 1 && l.split(" ")[1].equals("1")).count();
    }

    private static String summary(List<String> lines) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        lines.forEach(l -> counts.merge(l, 1L, Long::sum));
        return counts + " (http_code num_connects http_version curl_exit: count)";
    }

    /** A TLS listener on a free port with a self-signed certificate made now; returns its port. */
    private int enableTls() throws IOException, InterruptedException {
        int port = FreePorts.pick(1)[0];
        Path pem = site.root().resolve("server.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", pem.toString(), "-out", site.root().resolve("cert.pem").toString(), "-days", "2",
                "-subj", "/CN=localhost").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0, "openssl must make a certificate");
        Files.write(pem, Files.readAllBytes(site.root().resolve("cert.pem")), StandardOpenOption.APPEND);
        Files.writeString(site.config(), "\nserver.modules += ( \"mod_openssl\" )\n$SERVER[\"socket\"] == \"127.0.0.1:"
                + port + "\" {\n  ssl.engine = \"enable\"\n  ssl.pemfile = \"" + pem + "\"\n}\n", StandardOpenOption.APPEND);
        return port;
    }
}
