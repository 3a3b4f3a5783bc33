package org.lighttpdctl.testing;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The status and Content-Length of an HTTP/1.x response head.
 *
 * @param status the status code
 * @param contentLength the Content-Length, or -1 if absent
 */
record ResponseHead(int status, long contentLength) {
    private static final int MAX_HEAD = 16 * 1024;

    /**
     * Reads a response head up to and including the blank line, leaving the body in {@code in}.
     *
     * @throws EOFException if the stream ends before the head is complete
     * @throws IOException if the head is malformed or longer than 16 KiB
     */
    static ResponseHead read(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder(256);
        // the end test looks at the builder itself: a toString() per byte made a load client allocate ~1 GB/s,
        // and its collections (stalled on a busy machine) showed up as the server's latency
        while (!endsWithBlankLine(head)) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("end of stream after " + head.length() + " bytes of response head");
            }
            if (head.length() >= MAX_HEAD) {
                throw new IOException("response head longer than " + MAX_HEAD);
            }
            head.append((char) b);
        }
        return parse(head.toString());
    }

    private static boolean endsWithBlankLine(StringBuilder head) {
        int n = head.length();
        return n >= 4 && head.charAt(n - 4) == '\r' && head.charAt(n - 3) == '\n' && head.charAt(n - 2) == '\r'
                && head.charAt(n - 1) == '\n';
    }

    private static ResponseHead parse(String head) throws IOException {
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ");
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + lines[0]);
        }
        long length = -1;
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring("content-length:".length()).trim());
            }
        }
        return new ResponseHead(Integer.parseInt(statusLine[1]), length);
    }

    /** @return a GET request for {@code path} that asks the server to close the connection after it */
    static byte[] request(String host, int port, String path) {
        String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        return ("GET " + path + " HTTP/1.1\r\nHost: " + authority
                + "\r\nUser-Agent: lighttpdctl-loadclient\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
