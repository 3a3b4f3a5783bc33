package org.lighttpdctl.testing;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * One throttled download of the {@link BigFile} over a new connection: read at a fixed rate so that
 * it lasts about {@code duration} (and thus spans a restart), and checked byte by byte.
 */
final class SlowDownload {
    /** Small receive buffer: keeps the kernel from buffering megabytes ahead of the throttled reader. */
    private static final int RECEIVE_BUFFER = 64 * 1024;

    /**
     * @param outcome OK only if exactly {@code size} bytes arrived, all matching the pattern
     * @param nanos how long it took
     * @param detail the failure, or null if OK
     */
    record Result(Outcome outcome, long nanos, String detail) {}

    private SlowDownload() {}

    /**
     * Downloads {@code path} ({@code size} bytes of {@link BigFile} content) at about
     * {@code size / duration} bytes per second. Gives up as a TIMEOUT after {@code 3 * duration + 10 s}.
     */
    static Result fetch(InetSocketAddress address, String path, long size, Duration duration,
                        Duration timeout) {
        long start = System.nanoTime();
        long hardDeadline = start + duration.multipliedBy(3).plusSeconds(10).toNanos();
        boolean headComplete = false;
        try (Socket socket = Connections.open(address, timeout, RECEIVE_BUFFER)) {
            socket.getOutputStream().write(
                    ResponseHead.request(address.getHostString(), address.getPort(), path));
            InputStream in = new BufferedInputStream(socket.getInputStream(), RECEIVE_BUFFER);
            ResponseHead head = ResponseHead.read(in);
            headComplete = true;
            if (head.status() != 200 || head.contentLength() != size) {
                return new Result(Outcome.HTTP_ERROR, System.nanoTime() - start,
                        "status " + head.status() + ", Content-Length " + head.contentLength());
            }
            String mismatch = readThrottled(in, size, size * 1e9 / duration.toNanos(), start, hardDeadline);
            Outcome outcome = mismatch == null ? Outcome.OK : Outcome.TRUNCATED;
            return new Result(outcome, System.nanoTime() - start, mismatch);
        } catch (IOException e) {
            return new Result(Outcome.of(e, headComplete), System.nanoTime() - start, e.toString());
        }
    }

    /**
     * Reads {@code size} bytes at no more than {@code bytesPerSecond}, comparing each with the pattern.
     *
     * @return null if all matched, else a description of the first mismatch
     * @throws EOFException if the body ends early (a truncated download)
     * @throws SocketTimeoutException if {@code hardDeadline} passes
     */
    private static String readThrottled(InputStream in, long size, double bytesPerSecond, long start,
                                        long hardDeadline) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long offset = 0;
        while (offset < size) {
            if (System.nanoTime() - hardDeadline > 0) {
                throw new SocketTimeoutException("download not done by its deadline at " + offset + " bytes");
            }
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, size - offset));
            if (n < 0) {
                throw new EOFException("body ended after " + offset + " of " + size + " bytes");
            }
            long bad = BigFile.firstMismatch(buffer, n, offset);
            if (bad >= 0) {
                return "content differs at offset " + bad;
            }
            offset += n;
            pace(offset, bytesPerSecond, start);
        }
        return null;
    }

    /** Sleeps until {@code offset} bytes are due at the target rate. */
    private static void pace(long offset, double bytesPerSecond, long start) {
        long dueNanos = (long) (offset / bytesPerSecond * 1e9);
        long aheadMillis = (dueNanos - (System.nanoTime() - start)) / 1_000_000;
        if (aheadMillis > 0) {
            Processes.sleep(Duration.ofMillis(aheadMillis));
        }
    }
}
