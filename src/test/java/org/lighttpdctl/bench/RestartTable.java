package org.lighttpdctl.bench;

import java.util.List;

/** Renders {@link RestartRow}s as a fixed-width text table. */
final class RestartTable {
    private static final String FORMAT =
            "%-21s %3s %8s %7s %5s %5s %5s %5s %9s %4s %10s %10s %6s %8s %9s %9s %4s %5s%n";

    private RestartTable() {}

    static String render(List<RestartRow> rows, RestartBench.Options options) {
        StringBuilder out = new StringBuilder();
        if (options.php()) {
            out.append("PHP configuration: Debian's 10-fastcgi.conf and 15-fastcgi-php.conf (php-cgi spawned by"
                    + " lighttpd through bin-path); the workers' small requests go to the PHP page; 'after' = PHP"
                    + " still runs the page.\n");
        }
        out.append(String.format("Restart methods under loopback load: %d workers (new connection per request,"
                        + " SO_LINGER 0), %d slow 32 MiB downloads of %.1f s; windows of %d s, restart in the middle"
                        + " (load kept on at least %d s after it); %d core(s); 2 s unmeasured warm-up per server.%n",
                options.workers(), options.downloads(), options.downloadDuration().toMillis() / 1000.0,
                options.window().toSeconds(), options.window().toSeconds() / 2,
                Runtime.getRuntime().availableProcessors()));
        out.append(String.format(FORMAT, "method", "run", "requests", "refused", "reset", "trunc", "tmout",
                "httpE", "dl ok/bad", "dl@r", "max lat", "quiet max", "ratio", "p99", "quiet p99", "gap", "exit",
                "after"));
        for (RestartRow row : rows) {
            out.append(row.isMeasured() ? measured(row) : String.format("%-21s %3d %s%n", row.method(), row.run(),
                    row.note()));
        }
        out.append(String.join("\n",
                "ratio = max latency of the restart window / that of the quiet window (p99 shown likewise);",
                "gap = first to last failed request; dl = download attempts (a refused one is retried after 100 ms);",
                "dl@r = downloads in flight from before the restart command began until after it returned;",
                "exit = the restart command's exit code; after = whether the port served after the window.", ""));
        return out.toString();
    }

    private static String measured(RestartRow row) {
        var r = row.restart();
        return String.format(FORMAT, row.method(), row.run(), r.requests(), r.refused(), r.reset(), r.truncated(),
                r.timeouts(), r.httpErrors(), r.downloadsCompleted() + "/" + r.downloadsFailed(),
                r.downloadsAcrossDisturbance(),
                millis(r.maxLatency().toNanos()), millis(row.quiet().maxLatency().toNanos()),
                String.format("%.1fx", row.latencyRatio()), millis(r.p99Latency().toNanos()),
                millis(row.quiet().p99Latency().toNanos()), millis(r.failureSpan().toNanos()),
                row.action().exitCode(), row.servingAfter() ? "up" : "DOWN");
    }

    private static String millis(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }
}
