package org.lighttpdctl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The response head reader of the load clients. It once built a String of the whole head so far for every byte it
 * read (a test of "ends with a blank line"): a few hundred bytes of head cost tens of KB of garbage, the in-container
 * load allocated ~1.5 GB/s, and its collections, stalled on a busy machine, counted as the server's wait.
 */
class ResponseHeadTest {
    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1234\r\n"
            + "X-Padding: " + "p".repeat(300) + "\r\nConnection: close\r\n\r\n";

    @Test
    void readsStatusAndLengthAndLeavesTheBody() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream((HEAD + "body").getBytes(StandardCharsets.US_ASCII));
        ResponseHead head = ResponseHead.read(in);
        assertEquals(200, head.status());
        assertEquals(1234, head.contentLength());
        assertEquals("body", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    }

    /**
     * Counted by the JVM per thread (bytes, not time): the old reader took ~100 KB for this 400-byte head, the new
     * one ~4 KB.
     */
    @Test
    void readingAHeadAllocatesAboutItsOwnSize() throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] bytes = HEAD.getBytes(StandardCharsets.US_ASCII);
        ResponseHead.read(new ByteArrayInputStream(bytes)); // class loading and the like, once
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        long before = threads.getCurrentThreadAllocatedBytes();
        ResponseHead.read(in);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 16 * bytes.length, "reading a " + bytes.length + "-byte head allocated " + allocated
                + " bytes");
    }
}
