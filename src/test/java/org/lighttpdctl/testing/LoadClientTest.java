package org.lighttpdctl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Proves against a real lighttpd that the load client sees failures when there are some, and only then. */
@Timeout(180)
class LoadClientTest {
    private SampleSite site;

    @BeforeEach
    void createSite() throws Exception {
        site = SampleSite.create();
    }

    @AfterEach
    void cleanUp() {
        Processes.terminateAllMentioning(site.root(), Duration.ofSeconds(5));
        site.close();
    }

    @Test
    void steadyLoadOnAHealthyServerHasNoFailures() {
        try (Lighttpd server = Lighttpd.startDaemon(site)) {
            LoadReport report = load(Duration.ofSeconds(2)).runWindow(Duration.ofSeconds(3), null);

            assertEquals(0, report.failures(), report.toString());
            assertTrue(report.requests() > 0 && report.ok() == report.requests(), report.toString());
            assertTrue(report.downloadsCompleted() >= 2, "each download thread completed one: " + report);
            assertEquals(0, report.downloadsAcrossDisturbance(), "no disturbance: " + report);
            assertTrue(server.isAlive());
        }
    }

    @Test
    void sigtermMidLoadCutsTheDownloadsAndRefusesNewClients() {
        try (Lighttpd server = Lighttpd.startDaemon(site)) {
            // downloads last 4 s; the SIGTERM at 1.5 s lands while they are in flight
            LoadReport report = load(Duration.ofSeconds(4)).runWindow(Duration.ofSeconds(3), () -> {
                assertTrue(server.signal("TERM"));
                assertTrue(server.awaitExit(Duration.ofSeconds(10)));
            });

            assertEquals(0, report.downloadsCompleted(), report.toString());
            assertTrue(report.downloadsFailed() >= 2, report.toString());
            assertTrue(report.failureSamples().stream().anyMatch(
                    s -> s.startsWith("download TRUNCATED") || s.startsWith("download RESET")), report.toString());
            assertTrue(report.refused() > 0, "nothing listens after the SIGTERM: " + report);
            assertTrue(report.failures() >= report.refused() + 2, report.toString());
        }
    }

    @Test
    void sigintMidLoadLetsInFlightDownloadsFinishButRefusesNewClients() {
        try (Lighttpd server = Lighttpd.startDaemon(site)) {
            // graceful shutdown (10 s) outlasts the 2 s downloads in flight at the SIGINT
            LoadReport report = load(Duration.ofSeconds(2)).runWindow(Duration.ofSeconds(2), () ->
                    assertTrue(server.signal("INT")));

            assertTrue(report.downloadsCompleted() >= 2, report.toString());
            assertEquals(2, report.downloadsAcrossDisturbance(), "both were in flight at the SIGINT: " + report);
            assertTrue(report.refused() > 0, "SIGINT closes the listener at once: " + report);
            assertTrue(server.awaitExit(Duration.ofSeconds(30)));
        }
    }

    @Test
    void theSpanMeasuresWhatFollowsAShortActionToo() throws Exception {
        try (Lighttpd server = Lighttpd.startDaemon(site)) {
            LoadClient client = LoadClient.forPort(site.port()).workers(2).downloads(0)
                    .deadline(Duration.ofSeconds(20)).span(Duration.ofMillis(1500)).build();
            // the action returns at once; 300 ms later the server stalls for 400 ms: after the action, and after
            // the end of a window of 0.4 s without the span
            Thread stall = new Thread(() -> {
                Processes.sleep(Duration.ofMillis(300));
                assertTrue(server.signal("STOP"));
                Processes.sleep(Duration.ofMillis(400));
                assertTrue(server.signal("CONT"));
            });
            LoadReport report = client.runWindow(Duration.ofMillis(400), stall::start);
            stall.join(10_000);

            assertTrue(report.elapsed().toMillis() >= 1500 + 200, "measured the span from the action: " + report);
            assertTrue(client.worstOverSpan() >= 300, "the stall counts in the span: " + client.worstOverSpan());
            assertTrue(client.worstOverSpan() <= report.maxLatency().toMillis() + 1, report.toString());
            assertEquals(0, report.failures(), report.toString());
        }
    }

    @Test
    void nothingListeningIsCountedAsRefused() {
        LoadReport report = LoadClient.forPort(FreePorts.pick()).workers(2).maxRequests(500)
                .deadline(Duration.ofSeconds(2)).downloads(1).build().runWindow(Duration.ofSeconds(1), null);

        assertTrue(report.requests() > 0, report.toString());
        assertEquals(report.requests(), report.refused(), report.toString());
        assertEquals(0, report.ok());
        assertEquals(0, report.downloadsCompleted());
        assertTrue(report.downloadsFailed() > 0, report.toString());
        assertEquals(report.refused() + report.downloadsFailed(), report.failures());
    }

    @Test
    void requestCountIsBounded() {
        try (Lighttpd server = Lighttpd.startDaemon(site)) {
            LoadReport report = LoadClient.forPort(site.port()).workers(3).maxRequests(50).downloads(0)
                    .build().runWindow(Duration.ofSeconds(2), null);

            assertEquals(50, report.requests(), report.toString());
            assertEquals(50, report.ok(), report.toString());
        }
    }

    private LoadClient load(Duration downloadDuration) {
        return LoadClient.forPort(site.port()).workers(3).downloads(2).downloadDuration(downloadDuration)
                .deadline(Duration.ofSeconds(20)).build();
    }
}
