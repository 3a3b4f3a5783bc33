package org.lighttpdctl.testing;

import java.time.Duration;
import java.util.List;

/**
 * What the clients of one {@link LoadClient} run saw. Immutable.
 *
 * @param requests small requests made
 * @param ok complete 200 responses
 * @param refused connections refused
 * @param reset connections reset or closed before a full response head
 * @param truncated bodies shorter than their Content-Length
 * @param timeouts connects or reads that timed out
 * @param httpErrors complete responses with a status other than 200
 * @param maxLatency slowest small request, failed or not
 * @param p99Latency 99th percentile of the small requests' latency
 * @param downloadsCompleted slow downloads that arrived byte-complete and correct
 * @param downloadsFailed slow downloads that did not (any reason)
 * @param downloadsAcrossDisturbance downloads (ok or not) in flight during all of the action passed to
 *     {@link LoadClient#disturb} or {@link LoadClient#runWindow}: if 0, the downloads say nothing about it
 * @param failureSpan from the start of the first failed small request to the end of the last one
 *     (zero if none failed): about how long clients were turned away
 * @param elapsed from start to stop
 * @param failureSamples the first failure descriptions of each kind ("REFUSED: ...",
 *     "download TRUNCATED: ..."), for messages
 */
public record LoadReport(long requests, long ok, long refused, long reset, long truncated, long timeouts,
                         long httpErrors, Duration maxLatency, Duration p99Latency,
                         int downloadsCompleted, int downloadsFailed, int downloadsAcrossDisturbance,
                         Duration failureSpan, Duration elapsed, List<String> failureSamples) {
    public LoadReport {
        failureSamples = List.copyOf(failureSamples);
    }

    /** @return refused + reset + truncated + timeouts + HTTP errors + failed downloads */
    public long failures() {
        return refused + reset + truncated + timeouts + httpErrors + downloadsFailed;
    }

    /** @return requests per second over the run */
    public double requestsPerSecond() {
        return elapsed.isZero() ? 0 : requests * 1e9 / elapsed.toNanos();
    }

    @Override
    public String toString() {
        return String.format("requests=%d ok=%d refused=%d reset=%d truncated=%d timeouts=%d httpErrors=%d"
                        + " maxLatency=%.1fms p99=%.1fms downloads=%d ok/%d failed (%d across the disturbance)"
                        + " failureSpan=%.1fms elapsed=%.1fs%s",
                requests, ok, refused, reset, truncated, timeouts, httpErrors,
                millis(maxLatency), millis(p99Latency), downloadsCompleted, downloadsFailed,
                downloadsAcrossDisturbance, millis(failureSpan), elapsed.toNanos() / 1e9,
                failureSamples.isEmpty() ? "" : " first failures: " + failureSamples);
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }
}
