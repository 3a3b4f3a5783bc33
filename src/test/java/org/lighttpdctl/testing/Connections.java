package org.lighttpdctl.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Opens the client connections of the load client: one new TCP connection per request. */
final class Connections {
    private Connections() {}

    /**
     * Connects with SO_LINGER 0, so that closing sends a RST and leaves no TIME_WAIT entry: tens of
     * thousands of TIME_WAIT entries slow connect() enough to step over a refusal gap of a few
     * milliseconds and hide it.
     *
     * @param timeout both the connect timeout and the read timeout (SO_TIMEOUT)
     * @param receiveBuffer SO_RCVBUF in bytes, or 0 for the system default
     */
    static Socket open(InetSocketAddress address, Duration timeout, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setSoLinger(true, 0);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) timeout.toMillis());
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(address, (int) timeout.toMillis());
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
