package org.lighttpdctl.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.lighttpdctl.testing.BigFile;
import org.lighttpdctl.testing.LoadClient;
import org.lighttpdctl.testing.LoadReport;
import org.lighttpdctl.testing.SampleSite;

/**
 * Runs INSIDE a test container, on the container's JRE, with only the JDK and {@code org.lighttpdctl.testing}
 * on its class path: so the load (a new TCP connection per request, closed with SO_LINGER 0; slow downloads
 * verified byte by byte) goes over the container's own loopback to the lighttpd under test.
 *
 * <pre>
 * InContainerLoad prepare DOCROOT              writes index.html and big.bin (the BigFile pattern) into DOCROOT
 * InContainerLoad run PORT WINDOW_MS CMD...    load for WINDOW_MS, CMD run in the middle; prints E2E-REPORT
 * </pre>
 * With {@code -De2e.alsoPath=/PATH} a second client (2 workers, no downloads) loads that path at the same time
 * and its counts are printed as E2E-REPORT-ALSO. {@code -De2e.timeoutMs=N} sets every client's socket timeout
 * (default 10000: a request that waits longer fails as a time-out). {@code -De2e.pauseMicros=N} paces the
 * small-page workers: each pauses N µs after every request (default 0: as fast as the server answers, which keeps
 * both cores of a 2-core machine busy, so that a slow request mostly measures who got a CPU; paced, the machine has
 * room and a slow request measures the server). {@code -De2e.spanMs=N} measures at least N ms from the action's
 * start, and prints the worst wait of a request begun in that span (E2E-SPAN): the same span for every action.
 * Every run also prints E2E-ACTION (when the action began; the worst wait of a request begun during it and outside
 * it) and E2E-SLOWEST lines (the five slowest requests, when each began); {@code -De2e.schedstat=true} adds
 * lighttpd's scheduler time during each ({@link SchedSampler}).
 * Bounded: the load stops at the end of the window (every socket has a 10 s timeout), and CMD is killed after
 * 240 s.
 */
public final class InContainerLoad {
    /**
     * Room for a whole run of the small-page client (~40,000 requests/s on two cores, a window of 8 s plus an action
     * of up to ~40 s): a client that runs out stops measuring before the window ends, which {@link #main} refuses.
     */
    private static final int MAX_REQUESTS = 3_000_000;
    private static final Duration WARM_UP = Duration.ofSeconds(1);

    private InContainerLoad() {
    }

    /**
     * One second of the same small-page load, not measured, before the window: the first requests of a cold JVM wait
     * for its class loading and interpreter (20-50 ms each on a 2-core machine), and were the worst wait of most
     * windows, 4 s before any action, counted as the server's.
     */
    private static void warmUp(int port, Duration timeout, Duration pause) {
        LoadReport warm = LoadClient.forPort(port).workers(3).pause(pause).downloads(0).timeout(timeout)
                .maxRequests(200_000).deadline(WARM_UP.plusSeconds(30)).build().runWindow(WARM_UP, null);
        System.out.println("E2E-WARM-UP " + warm);
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("prepare")) {
            Path docroot = Path.of(args[1]);
            Files.createDirectories(docroot);
            Files.writeString(docroot.resolve("index.html"), SampleSite.INDEX_BODY, StandardCharsets.UTF_8);
            BigFile.write(docroot.resolve("big.bin"), BigFile.SIZE);
            return;
        }
        if (args.length < 4 || !args[0].equals("run")) {
            System.err.println("usage: InContainerLoad prepare DOCROOT | run PORT WINDOW_MS CMD...");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        Duration window = Duration.ofMillis(Long.parseLong(args[2]));
        List<String> command = Arrays.asList(args).subList(3, args.length);
        Duration timeout = Duration.ofMillis(Long.getLong("e2e.timeoutMs", 10_000));
        Duration pause = Duration.ofNanos(Long.getLong("e2e.pauseMicros", 0) * 1_000);
        Duration span = Duration.ofMillis(Long.getLong("e2e.spanMs", 0));

        warmUp(port, timeout, pause);
        LoadClient client = LoadClient.forPort(port)
                .workers(3)
                .pause(pause)
                .downloads(2)
                .downloadDuration(Duration.ofSeconds(3))
                .timeout(timeout)
                .maxRequests(MAX_REQUESTS)
                .deadline(window.plusSeconds(240))
                .span(span)
                .build();
        String alsoPath = System.getProperty("e2e.alsoPath");
        LoadClient also = alsoPath == null ? null : LoadClient.forPort(port).path(alsoPath).workers(2).downloads(0)
                .timeout(timeout).maxRequests(200_000).deadline(window.plusSeconds(240)).build();
        if (also != null) {
            also.start();
        }
        SchedSampler sampler = Boolean.getBoolean("e2e.schedstat") ? new SchedSampler() : null;
        if (sampler != null) {
            sampler.start();
        }
        int[] exit = {-1};
        long[] actionNanos = {0};
        long[] actionEpochMillis = {0};
        StringBuilder output = new StringBuilder();
        LoadReport report = client.runWindow(window, () -> {
            long start = System.nanoTime();
            actionEpochMillis[0] = System.currentTimeMillis();
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(240, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                exit[0] = p.exitValue();
                output.append(new String(out, StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            actionNanos[0] = System.nanoTime() - start;
        });
        for (String line : output.toString().split("\n")) {
            System.out.println("action| " + line);
        }
        System.out.println("E2E-SUMMARY " + report);
        System.out.println("E2E-ACTION began " + java.time.Instant.ofEpochMilli(actionEpochMillis[0])
                + "; worst wait (ms) of a request begun " + client.worstDuringAndOutside().replace("during=",
                "during the action: ").replace(" outside=", ", outside it: "));
        System.out.println("E2E-WAITS " + client.waitProfile());
        if (!span.isZero()) {
            System.out.println("E2E-SPAN " + span.toMillis() + " ms from the action's start: worst wait (ms) "
                    + client.worstOverSpan());
        }
        if (sampler != null) {
            sampler.stop();
        }
        for (String slow : client.slowest(5, sampler == null ? (a, b) -> "" : sampler::between)) {
            System.out.println("E2E-SLOWEST " + slow);
        }
        if (also != null) {
            LoadReport alsoReport = also.stop();
            System.out.println("E2E-SUMMARY-ALSO " + alsoReport);
            System.out.printf("E2E-REPORT-ALSO requests=%d ok=%d refused=%d reset=%d truncated=%d timeouts=%d "
                            + "httpErrors=%d downloadsOk=0 downloadsFailed=0 maxLatencyMs=%d failureSpanMs=%d "
                            + "actionExit=%d actionMs=%d%n",
                    alsoReport.requests(), alsoReport.ok(), alsoReport.refused(), alsoReport.reset(),
                    alsoReport.truncated(), alsoReport.timeouts(), alsoReport.httpErrors(),
                    alsoReport.maxLatency().toMillis(), alsoReport.failureSpan().toMillis(), exit[0],
                    actionNanos[0] / 1_000_000);
        }
        if (report.requests() >= MAX_REQUESTS) {
            System.out.println("E2E-SUMMARY the small-page client ran out of its " + MAX_REQUESTS
                    + " requests before the window ended: what followed was not measured");
            System.exit(3);
        }
        System.out.printf("E2E-REPORT requests=%d ok=%d refused=%d reset=%d truncated=%d timeouts=%d httpErrors=%d "
                        + "downloadsOk=%d downloadsFailed=%d maxLatencyMs=%d failureSpanMs=%d actionExit=%d actionMs=%d%n",
                report.requests(), report.ok(), report.refused(), report.reset(), report.truncated(),
                report.timeouts(), report.httpErrors(), report.downloadsCompleted(), report.downloadsFailed(),
                report.maxLatency().toMillis(), report.failureSpan().toMillis(), exit[0], actionNanos[0] / 1_000_000);
    }
}
