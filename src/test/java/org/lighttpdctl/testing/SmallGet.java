package org.lighttpdctl.testing;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** One GET of a small resource over a new connection, classified: also a readiness probe. */
public final class SmallGet {
    /**
     * @param outcome what the client saw
     * @param nanos from the start of connect to the last body byte or the failure
     * @param detail the failure, or null if OK
     */
    public record Result(Outcome outcome, long nanos, String detail) {}

    /** Per load thread: a request allocates little, so the client's own collections stay rare (see ResponseHead). */
    private static final ThreadLocal<byte[]> BODY_BUFFER = ThreadLocal.withInitial(() -> new byte[8192]);

    private SmallGet() {}

    /** @return the outcome of a GET of {@code path} from 127.0.0.1:{@code port} with a 5 s timeout */
    public static Outcome get(int port, String path) {
        return fetch(new InetSocketAddress("127.0.0.1", port), path, Duration.ofSeconds(5)).outcome();
    }

    /** Fetches {@code path} from {@code address}; never throws for a network failure. */
    public static Result fetch(InetSocketAddress address, String path, Duration timeout) {
        long start = System.nanoTime();
        boolean headComplete = false;
        try (Socket socket = Connections.open(address, timeout, 0)) {
            socket.getOutputStream().write(
                    ResponseHead.request(address.getHostString(), address.getPort(), path));
            InputStream in = new BufferedInputStream(socket.getInputStream(), 2048);
            ResponseHead head = ResponseHead.read(in);
            headComplete = true;
            if (head.contentLength() < 0) {
                return new Result(Outcome.HTTP_ERROR, System.nanoTime() - start, "no Content-Length");
            }
            skipFully(in, head.contentLength());
            Outcome outcome = head.status() == 200 ? Outcome.OK : Outcome.HTTP_ERROR;
            String detail = outcome == Outcome.OK ? null : "status " + head.status();
            return new Result(outcome, System.nanoTime() - start, detail);
        } catch (IOException e) {
            return new Result(Outcome.of(e, headComplete), System.nanoTime() - start, e.toString());
        }
    }

    /** Reads exactly {@code length} bytes, or throws EOFException naming how many arrived. */
    private static void skipFully(InputStream in, long length) throws IOException {
        byte[] buffer = BODY_BUFFER.get();
        long read = 0;
        while (read < length) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - read));
            if (n < 0) {
                throw new EOFException("body ended after " + read + " of " + length + " bytes");
            }
            read += n;
        }
    }
}
