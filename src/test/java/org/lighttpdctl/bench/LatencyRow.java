package org.lighttpdctl.bench;

import java.util.List;
import org.lighttpdctl.testing.LoadReport;

/**
 * One busy run of {@link CostBench}: the clients' view of a busy window without a graceful and of the same busy
 * window with one in its middle.
 *
 * @param loadAverage the 1-minute load average before the run
 * @param graceful what the graceful cost (null if it never ran)
 */
record LatencyRow(int run, double loadAverage, LoadReport plain, LoadReport withGraceful, ChildCost.Cost graceful) {

    /** Max latency with the graceful over max latency without it. */
    double ratio() {
        return millis(withGraceful) / millis(plain);
    }

    static String render(List<LatencyRow> rows, int seconds) {
        StringBuilder out = new StringBuilder(String.format("%nClients' max latency on a busy machine (one busy"
                + " loop per core), 4 clients, a new connection per request; a %d s window with a graceful in its"
                + " middle (stretched to end %d s after the graceful) and one of the same length without, odd runs"
                + " the graceful first, even runs the plain window first (with the previous graceful window's"
                + " length):%n", seconds, seconds / 2));
        String format = "| %3s | %8s | %11s | %26s | %26s | %6s | %22s |%n";
        out.append(String.format(format, "run", "load avg", "windows", "busy: requests, max",
                "busy + graceful: req., max", "ratio", "graceful: exit wall CPU"));
        out.append(String.format(format, "---:", "---:", "---:", "---:", "---:", "---:", "---"));
        for (LatencyRow row : rows) {
            out.append(String.format(format, row.run, String.format("%.2f", row.loadAverage),
                    String.format("%.1f/%.1f s", row.withGraceful.elapsed().toNanos() / 1e9,
                            row.plain.elapsed().toNanos() / 1e9), describe(row.plain), describe(row.withGraceful), String.format("%.2fx", row.ratio()),
                    row.graceful == null ? "n/a" : String.format("%d %.0f ms %.3f s", row.graceful.exitCode(),
                            row.graceful.wallNanos() / 1e6, row.graceful.cpuNanos() / 1e9)));
        }
        return out.toString();
    }

    private static String describe(LoadReport report) {
        return String.format("%,d%s, %.1f ms", report.requests(),
                report.failures() == 0 ? "" : " (" + report.failures() + " failed)", millis(report));
    }

    private static double millis(LoadReport report) {
        return report.maxLatency().toNanos() / 1e6;
    }
}
