package org.lighttpdctl.testing;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import java.util.stream.IntStream;

/**
 * A bounded load generator for a loopback HTTP server, to measure what clients see across a restart.
 *
 * <ul>
 *   <li>{@code workers} threads each loop: a NEW TCP connection, GET of a small page, close with
 *       SO_LINGER 0; every request is classified ({@link Outcome}) and timed.
 *   <li>{@code downloads} threads each loop: a slow, verified download of the big file lasting about
 *       {@code downloadDuration}, so that downloads are in flight across a restart.
 * </ul>
 * Bounded in count ({@code maxRequests}) and time ({@code deadline} after {@link #start()}, after
 * which no new request or download begins). Every socket operation has a timeout, so {@link #stop()}
 * returns within about {@code 3 * downloadDuration + 10 s}.
 *
 * <pre>{@code
 * LoadClient load = LoadClient.forPort(site.port()).build();
 * LoadReport quiet = load.runWindow(Duration.ofSeconds(3), null);
 * }</pre>
 * A LoadClient runs once: build a new one for each window.
 */
public final class LoadClient {
    private final Settings settings;
    private final InetSocketAddress address;
    private final long[] latencies;
    private final long[] startOffsets;
    private final Outcome[] outcomes;
    private final AtomicInteger tickets = new AtomicInteger();
    private final AtomicInteger downloadsOk = new AtomicInteger();
    private final AtomicInteger downloadsFailed = new AtomicInteger();
    private final FailureSamples samples = new FailureSamples(2);
    /** [start, end] offsets from start() of each download attempt. */
    private final ConcurrentLinkedQueue<long[]> downloadSpans = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;
    private volatile long disturbanceStart = -1;
    private volatile long disturbanceEnd = -1;
    private long startNanos;
    /** The wall clock at {@link #startNanos}, to line requests up with a journal. */
    private long startEpochMillis;
    private long deadlineNanos;

    private LoadClient(Settings settings) {
        this.settings = settings;
        this.address = new InetSocketAddress(settings.host, settings.port);
        this.latencies = new long[settings.maxRequests];
        this.startOffsets = new long[settings.maxRequests];
        this.outcomes = new Outcome[settings.maxRequests];
    }

    /** @return a builder for load on 127.0.0.1:{@code port} against the sample site's paths */
    public static Settings forPort(int port) {
        return new Settings(port);
    }

    /** Starts the worker and download threads. */
    public synchronized void start() {
        if (startNanos != 0) {
            throw new IllegalStateException("a LoadClient runs once");
        }
        startEpochMillis = System.currentTimeMillis();
        startNanos = System.nanoTime();
        deadlineNanos = startNanos + settings.deadline.toNanos();
        for (int i = 0; i < settings.workers; i++) {
            threads.add(startThread("load-worker-" + i, this::requestLoop));
        }
        for (int i = 0; i < settings.downloads; i++) {
            threads.add(startThread("load-download-" + i, this::downloadLoop));
        }
    }

    /**
     * Stops starting requests, waits for those in flight (downloads complete or fail), and reports.
     *
     * @throws IllegalStateException if a thread does not finish within its bound
     */
    public synchronized LoadReport stop() {
        stopping = true;
        // a download may have just begun: it ends within 3 * duration + 10 s (SlowDownload's bound)
        Duration bound = settings.downloadDuration.multipliedBy(3)
                .plus(settings.timeout.multipliedBy(3))
                .plusSeconds(15);
        long joinDeadline = System.nanoTime() + bound.toNanos();
        for (Thread thread : threads) {
            join(thread, joinDeadline);
        }
        return report(System.nanoTime() - startNanos);
    }

    /**
     * Runs one measurement window: start, wait half of {@code length}, run {@code midpoint} (if not
     * null) on this thread, keep the load on for the rest of {@code length} but at least another
     * half of {@code length} after {@code midpoint} returned (so what follows a slow restart is
     * measured too), and at least the settings' span from its start, stop.
     *
     * @param midpoint the disturbance to measure, e.g. a restart; null for a quiet window
     */
    public LoadReport runWindow(Duration length, Runnable midpoint) {
        start();
        try {
            Processes.sleep(length.dividedBy(2));
            long end = length.toNanos();
            if (midpoint != null) {
                disturb(midpoint);
                end = Math.max(end, disturbanceEnd + length.toNanos() / 2);
                end = Math.max(end, disturbanceStart + settings.span.toNanos());
            }
            Processes.sleep(Duration.ofNanos(end - (System.nanoTime() - startNanos)));
        } finally {
            stopping = true;
        }
        return stop();
    }

    /**
     * Runs {@code action} (a restart, a signal) on this thread while the load runs and records when,
     * so that the report can tell how many downloads were in flight across all of it
     * ({@link LoadReport#downloadsAcrossDisturbance()}). Call it at most once, between start and stop.
     */
    public void disturb(Runnable action) {
        disturbanceStart = System.nanoTime() - startNanos;
        try {
            action.run();
        } finally {
            disturbanceEnd = System.nanoTime() - startNanos;
        }
    }

    private boolean running() {
        return !stopping && System.nanoTime() - deadlineNanos < 0;
    }

    private void requestLoop() {
        while (running()) {
            int ticket = tickets.getAndIncrement();
            if (ticket >= settings.maxRequests) {
                return;
            }
            startOffsets[ticket] = System.nanoTime() - startNanos;
            SmallGet.Result result = SmallGet.fetch(address, settings.path, settings.timeout);
            latencies[ticket] = result.nanos();
            outcomes[ticket] = result.outcome();
            if (result.outcome() != Outcome.OK) {
                samples.add(result.outcome().toString(), settings.path + " " + result.detail());
            }
            if (!settings.pause.isZero()) {
                Processes.sleep(settings.pause);
            }
        }
    }

    private void downloadLoop() {
        while (running()) {
            long begin = System.nanoTime() - startNanos;
            SlowDownload.Result result = SlowDownload.fetch(address, settings.downloadPath,
                    settings.downloadSize, settings.downloadDuration, settings.timeout);
            downloadSpans.add(new long[] {begin, System.nanoTime() - startNanos});
            if (result.outcome() == Outcome.OK) {
                downloadsOk.incrementAndGet();
            } else {
                downloadsFailed.incrementAndGet();
                samples.add("download " + result.outcome(), result.detail());
                // a refused download would otherwise retry in a tight loop while the server is down
                Processes.sleep(Duration.ofMillis(100));
            }
        }
    }

    /**
     * The worst wait of a small request that began while the disturbance ran, and of one that began outside it (the
     * same run's own noise, on a shared machine), in ms: "during=N outside=M" (after {@link #stop()}).
     */
    public synchronized String worstDuringAndOutside() {
        long during = worst(waitsOfRequestsBegun(this::duringDisturbance));
        long outside = worst(waitsOfRequestsBegun(offset -> !duringDisturbance(offset)));
        return "during=" + during / 1_000_000 + " outside=" + outside / 1_000_000;
    }

    /**
     * The worst wait, in ms, of a small request begun within the settings' span from the disturbance's start (after
     * {@link #stop()}). Unlike the worst wait during the disturbance, it is taken over the same length of time, so
     * over about as many requests, whatever the disturbance: a longer action gets no more chances of a slow one, and
     * what follows a short one (a drain it started and left) counts as well.
     */
    public synchronized long worstOverSpan() {
        long spanEnd = disturbanceStart + settings.span.toNanos();
        return worst(waitsOfRequestsBegun(offset -> offset >= disturbanceStart && offset < spanEnd)) / 1_000_000;
    }

    /**
     * The distribution of the waits of small requests begun during the disturbance and outside it (after
     * {@link #stop()}): "during n=N p99=X p999=Y over10ms=K outside n=... " (X, Y in ms with one decimal). A rank
     * statistic and a count, unlike the worst wait, do not grow with the length of the span they are taken over.
     */
    public synchronized String waitProfile() {
        return "during " + profile(waitsOfRequestsBegun(this::duringDisturbance))
                + " outside " + profile(waitsOfRequestsBegun(offset -> !duringDisturbance(offset)));
    }

    /** The waits (ns) of the small requests whose start offset (ns from the client's start) {@code begun} accepts. */
    private long[] waitsOfRequestsBegun(LongPredicate begun) {
        int requests = Math.min(tickets.get(), settings.maxRequests);
        return IntStream.range(0, requests).filter(i -> begun.test(startOffsets[i]))
                .mapToLong(i -> latencies[i]).toArray();
    }

    private boolean duringDisturbance(long startOffset) {
        return startOffset >= disturbanceStart && startOffset <= disturbanceEnd;
    }

    private static long worst(long[] waits) {
        return Arrays.stream(waits).max().orElse(0);
    }

    private static String profile(long[] waits) {
        Arrays.sort(waits);
        long over = 0;
        for (long w : waits) {
            over += w > 10_000_000L ? 1 : 0;
        }
        return String.format(java.util.Locale.ROOT, "n=%d p99=%.1f p999=%.1f over10ms=%d", waits.length,
                rank(waits, 0.99) / 1e6, rank(waits, 0.999) / 1e6, over);
    }

    /** The nearest-rank quantile {@code q} of sorted {@code waits}; 0 for none. */
    private static long rank(long[] waits, double q) {
        return waits.length == 0 ? 0 : waits[(int) Math.min(waits.length - 1, Math.ceil(q * waits.length) - 1)];
    }

    /**
     * The slowest small requests (after {@link #stop()}), slowest first, at most {@code max} of them, each as
     * "start=HH:MM:SS.mmm (+N ms after the disturbance began) waited N ms OUTCOME": to line the worst wait up with a
     * journal (journalctl -o short-precise) and the action's own step lines.
     */
    public List<String> slowest(int max) {
        return slowest(max, (from, to) -> "");
    }

    /** As {@link #slowest(int)}, each line followed by {@code about}'s account of [start, end] (epoch ms). */
    public synchronized List<String> slowest(int max, java.util.function.BiFunction<Long, Long, String> about) {
        int requests = Math.min(tickets.get(), settings.maxRequests);
        Integer[] order = new Integer[requests];
        for (int i = 0; i < requests; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(latencies[b], latencies[a]));
        List<String> lines = new ArrayList<>();
        java.time.format.DateTimeFormatter clock = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
                .withZone(java.time.ZoneOffset.UTC);
        for (int k = 0; k < Math.min(max, requests); k++) {
            int i = order[k];
            long startMillis = startEpochMillis + startOffsets[i] / 1_000_000;
            String relative = disturbanceStart < 0 ? "" : String.format(" (%+d ms after the disturbance began)",
                    (startOffsets[i] - disturbanceStart) / 1_000_000);
            lines.add(String.format("start=%s%s waited %d ms %s%s",
                    clock.format(java.time.Instant.ofEpochMilli(startMillis)), relative, latencies[i] / 1_000_000,
                    outcomes[i], about.apply(startMillis, startMillis + latencies[i] / 1_000_000)));
        }
        return lines;
    }

    private LoadReport report(long elapsedNanos) {
        int requests = Math.min(tickets.get(), settings.maxRequests);
        long[] counts = new long[Outcome.values().length];
        long firstFailure = Long.MAX_VALUE;
        long lastFailureEnd = Long.MIN_VALUE;
        for (int i = 0; i < requests; i++) {
            counts[outcomes[i].ordinal()]++;
            if (outcomes[i] != Outcome.OK) {
                firstFailure = Math.min(firstFailure, startOffsets[i]);
                lastFailureEnd = Math.max(lastFailureEnd, startOffsets[i] + latencies[i]);
            }
        }
        Duration failureSpan = firstFailure == Long.MAX_VALUE
                ? Duration.ZERO : Duration.ofNanos(lastFailureEnd - firstFailure);
        long[] sorted = Arrays.copyOf(latencies, requests);
        Arrays.sort(sorted);
        Duration max = Duration.ofNanos(requests == 0 ? 0 : sorted[requests - 1]);
        Duration p99 = Duration.ofNanos(requests == 0 ? 0 : sorted[(int) Math.ceil(requests * 0.99) - 1]);
        return new LoadReport(requests, counts[Outcome.OK.ordinal()], counts[Outcome.REFUSED.ordinal()],
                counts[Outcome.RESET.ordinal()], counts[Outcome.TRUNCATED.ordinal()],
                counts[Outcome.TIMEOUT.ordinal()], counts[Outcome.HTTP_ERROR.ordinal()], max, p99,
                downloadsOk.get(), downloadsFailed.get(), downloadsAcrossDisturbance(), failureSpan,
                Duration.ofNanos(elapsedNanos), samples.list());
    }

    /** @return download attempts that began before the disturbance and ended after it (0 if none ran) */
    private int downloadsAcrossDisturbance() {
        long from = disturbanceStart;
        long to = disturbanceEnd;
        if (from < 0 || to < 0) {
            return 0;
        }
        return (int) downloadSpans.stream().filter(span -> span[0] <= from && span[1] >= to).count();
    }

    private static Thread startThread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(Thread thread, long deadlineNanos) {
        try {
            thread.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IllegalStateException(thread.getName() + " did not finish in time");
        }
    }

    /** Load parameters, with defaults suited to the sample site on a 2-core machine. */
    public static final class Settings {
        private final int port;
        private String host = "127.0.0.1";
        private String path = SampleSite.INDEX_PATH;
        private int workers = 4;
        private int maxRequests = 1_000_000;
        private Duration deadline = Duration.ofSeconds(60);
        private Duration timeout = Duration.ofSeconds(5);
        private Duration pause = Duration.ZERO;
        private int downloads = 2;
        private String downloadPath = SampleSite.BIG_PATH;
        private long downloadSize = BigFile.SIZE;
        private Duration downloadDuration = Duration.ofSeconds(4);
        private Duration span = Duration.ZERO;

        private Settings(int port) {
            this.port = port;
        }

        /** Host to connect to (default 127.0.0.1; "::1" for IPv6). */
        public Settings host(String host) {
            this.host = host;
            return this;
        }

        /** Path of the small page (default /index.html). */
        public Settings path(String path) {
            this.path = path;
            return this;
        }

        /** Request threads (default 4). */
        public Settings workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** Upper bound on small requests (default 1,000,000). */
        public Settings maxRequests(int maxRequests) {
            this.maxRequests = maxRequests;
            return this;
        }

        /** No request or download starts later than this after start (default 60 s). */
        public Settings deadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        /** Connect and read timeout of every socket (default 5 s). */
        public Settings timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Pause of each worker between requests (default none). */
        public Settings pause(Duration pause) {
            this.pause = pause;
            return this;
        }

        /** Concurrent slow downloads (default 2; 0 for none). */
        public Settings downloads(int downloads) {
            this.downloads = downloads;
            return this;
        }

        /** What to download: a path serving {@code size} bytes of {@link BigFile} (default the sample's). */
        public Settings downloadOf(String path, long size) {
            this.downloadPath = path;
            this.downloadSize = size;
            return this;
        }

        /** How long each download should last, by throttling the reader (default 4 s). */
        public Settings downloadDuration(Duration downloadDuration) {
            this.downloadDuration = downloadDuration;
            return this;
        }

        /**
         * The least time {@link #runWindow} measures from the disturbance's start (default none): the same span
         * for every disturbance, however long each one lasts, for {@link #worstOverSpan()}.
         */
        public Settings span(Duration span) {
            this.span = span;
            return this;
        }

        /** @return a new, unstarted LoadClient */
        public LoadClient build() {
            if (workers < 0 || downloads < 0 || maxRequests < 1) {
                throw new IllegalArgumentException("workers, downloads >= 0 and maxRequests >= 1 required");
            }
            return new LoadClient(this);
        }
    }
}
