package org.lighttpdctl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class LighttpdTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private SampleSite site;

    @BeforeEach
    void createSite() throws Exception {
        site = SampleSite.create();
    }

    @AfterEach
    void cleanUp() {
        Processes.terminateAllMentioning(site.root(), TIMEOUT);
        site.close();
    }

    @Test
    void daemonServesTheSiteAndStopsByPid() {
        Lighttpd server = Lighttpd.startDaemon(site);
        assertEquals(server.pid(), Lighttpd.readPid(site.pidFile()));
        assertTrue(server.isAlive());
        assertEquals(Outcome.OK, get("127.0.0.1", site.port()));

        server.stop();
        assertFalse(server.isAlive(), "stopped (a zombie left by a PID 1 that does not reap counts as dead)");
        assertEquals(Outcome.REFUSED, get("127.0.0.1", site.port()));
    }

    @Test
    void foregroundServesTheSiteAndStopsByPid() {
        try (Lighttpd server = Lighttpd.startForeground(site)) {
            assertTrue(server.isAlive());
            assertEquals(Outcome.OK, get("127.0.0.1", site.port()));
            assertTrue(server.signal("INT"));
            assertTrue(server.awaitExit(Duration.ofSeconds(30)), "SIGINT with nothing in flight ends it");
        }
        assertEquals(Outcome.REFUSED, get("127.0.0.1", site.port()));
    }

    @Test
    void ipv6AndSecondPortVariantsServeEveryListener() {
        try (Lighttpd server = Lighttpd.startDaemon(site.ipv6Config(), site.pidFile())) {
            assertEquals(Outcome.OK, get("127.0.0.1", site.port()));
            assertEquals(Outcome.OK, get("::1", site.port6()));
        }
        try (Lighttpd server = Lighttpd.startDaemon(site.secondPortConfig(), site.pidFile())) {
            assertEquals(Outcome.OK, get("127.0.0.1", site.port()));
            assertEquals(Outcome.OK, get("127.0.0.1", site.port2()));
        }
    }

    @Test
    void startFailsLoudlyWhenThePortIsTaken() throws Exception {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), site.port()));
            IllegalStateException daemon = assertThrows(IllegalStateException.class, () -> Lighttpd.startDaemon(site));
            assertTrue(daemon.getMessage().contains("exited 255"), daemon.getMessage());
            assertThrows(IllegalStateException.class, () -> Lighttpd.startForeground(site));
        }
    }

    @Test
    void brokenConfigDoesNotStart() {
        assertThrows(IllegalStateException.class,
                () -> Lighttpd.startDaemon(site.brokenConfig("unknown-module"), site.pidFile()));
    }

    private static Outcome get(String host, int port) {
        return SmallGet.fetch(new InetSocketAddress(host, port), SampleSite.INDEX_PATH, TIMEOUT).outcome();
    }
}
