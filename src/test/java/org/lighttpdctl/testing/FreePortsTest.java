package org.lighttpdctl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void picksDistinctBindablePorts() throws Exception {
        int[] ports = FreePorts.pick(5);
        assertEquals(5, Arrays.stream(ports).distinct().count(), Arrays.toString(ports));
        for (int port : ports) {
            assertTrue(port > 0 && port < 65536, "port " + port);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
        }
    }

    @Test
    void dualStackPortIsFreeOnIpv6Too() throws Exception {
        int port = FreePorts.pickDualStack();
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("::1"), port));
        }
    }
}
