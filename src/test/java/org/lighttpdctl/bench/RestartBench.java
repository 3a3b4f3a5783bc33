package org.lighttpdctl.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.lighttpdctl.testing.LoadClient;
import org.lighttpdctl.testing.LoadReport;
import org.lighttpdctl.testing.Outcome;
import org.lighttpdctl.testing.PhpSite;
import org.lighttpdctl.testing.Processes;
import org.lighttpdctl.testing.SampleSite;
import org.lighttpdctl.testing.SmallGet;

/**
 * Compares restart methods side by side, in one run on one machine: for each method and run, a
 * fresh sample lighttpd on a free loopback port, a quiet load window, then the same load with the
 * restart applied in the middle of the window. Prints one table row per method and run.
 *
 * <pre>
 * java -cp ... org.lighttpdctl.bench.RestartBench [--runs N] [--seconds S] [--download-seconds D]
 *     [--workers W] [--downloads K] [--methods name,name,...] [--php]
 * </pre>
 * With {@code --php} the site runs PHP the Debian way ({@link PhpSite}: Debian's 10-fastcgi.conf and
 * 15-fastcgi-php.conf, php-cgi spawned by lighttpd through bin-path), the small requests go to the PHP page and
 * "after" means PHP still runs the page once the restart and the window are over.
 * Not a test: its figures depend on the machine. Every process it started is ended by PID. Exits 1
 * if a method failed to run (an error row), else 0, whatever the figures.
 */
public final class RestartBench {
    private static final List<RestartMethod> ALL = List.of(new DebianInitReload(), new SigUsr1(),
            new SigintThenStart(), new LighttpdctlGraceful());

    private static final Duration WARM_UP = Duration.ofSeconds(2);

    private final Options options;

    private RestartBench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        Options options = Options.parse(args);
        System.err.println("RestartBench: " + options);
        List<RestartRow> rows = new RestartBench(options).runAll();
        System.out.print(RestartTable.render(rows, options));
        boolean errors = rows.stream().anyMatch(r -> r.note() != null && r.note().startsWith("error"));
        System.exit(errors ? 1 : 0);
    }

    /** Runs every selected method once per run; runs are interleaved so machine noise spreads evenly. */
    private List<RestartRow> runAll() {
        List<RestartRow> rows = new ArrayList<>();
        for (int run = 1; run <= options.runs(); run++) {
            for (RestartMethod method : ALL) {
                if (options.selects(method.name())) {
                    RestartRow row = measure(method, run);
                    System.err.println(row.summary());
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private RestartRow measure(RestartMethod method, int run) {
        if (method.unavailable().isPresent()) {
            return RestartRow.unavailable(method.name(), run, method.unavailable().get());
        }
        SampleSite site;
        try {
            site = SampleSite.create();
        } catch (IOException e) {
            return RestartRow.error(method.name(), run, "cannot create the sample site: " + e);
        }
        try {
            if (options.php()) {
                PhpSite.enableInMainConfig(site);
            }
            method.start(site);
            warmUp(site);
            LoadReport quiet = load(site).runWindow(options.window(), null);
            AtomicReference<Shell.Result> action = new AtomicReference<>();
            LoadReport restart = load(site).runWindow(options.window(), () -> action.set(method.restart(site)));
            boolean serving = SmallGet.get(site.port(), SampleSite.INDEX_PATH) == Outcome.OK
                    && (!options.php() || phpRuns(site));
            return RestartRow.measured(method.name(), run, quiet, restart, action.get(), serving);
        } catch (RuntimeException | IOException e) {
            return RestartRow.error(method.name(), run, e.toString().replaceAll("\\s*\\n\\s*", " / "));
        } finally {
            cleanUp(method, site);
        }
    }

    private static boolean phpRuns(SampleSite site) {
        try {
            PhpSite.answeringPhpCgi(site.port(), PhpSite.PHP_PATH);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** Unmeasured load first: JIT-compiles the client and warms lighttpd, so the quiet window is a fair baseline. */
    private void warmUp(SampleSite site) {
        LoadClient.forPort(site.port()).path(smallPath()).workers(options.workers()).downloads(0)
                .deadline(WARM_UP.plusSeconds(5)).build().runWindow(WARM_UP, null);
    }

    private LoadClient load(SampleSite site) {
        return LoadClient.forPort(site.port())
                .path(smallPath())
                .workers(options.workers())
                .downloads(options.downloads())
                // downloads started with the window outlast the restart command (a JVM-based tool may
                // take seconds on a loaded machine); the table shows how many really spanned it
                .downloadDuration(options.downloadDuration())
                .maxRequests(options.maxRequests())
                .deadline(options.window().plusSeconds(5))
                .build();
    }

    private String smallPath() {
        return options.php() ? PhpSite.PHP_PATH : SampleSite.INDEX_PATH;
    }

    /** Stops politely, then ends by PID whatever still names the site's root (every generation). */
    private static void cleanUp(RestartMethod method, SampleSite site) {
        try {
            method.stop(site);
        } catch (RuntimeException e) {
            System.err.println(method.name() + ": stop failed: " + e);
        }
        List<Long> leftover = Processes.terminateAllMentioning(site.root(), Duration.ofSeconds(5));
        if (!leftover.isEmpty()) {
            System.err.println(method.name() + ": ended by PID: " + leftover);
        }
        // php-cgi names no site path in its command line: found by its socket (a killed lighttpd leaves them)
        PhpSite.phpCgiProcesses(site).keySet().forEach(pid -> Processes.terminate(pid, Duration.ofSeconds(5)));
        site.close();
    }

    /** Command-line options. */
    record Options(int runs, Duration window, Duration downloadDuration, int workers, int downloads,
                   List<String> methods, boolean php) {
        static Options parse(String[] args) {
            int runs = 1;
            int seconds = 6;
            int downloadSeconds = 0;
            int workers = 4;
            int downloads = 2;
            List<String> methods = List.of();
            boolean php = false;
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--php")) {
                    php = true;
                    continue;
                }
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--runs" -> runs = positive(args[i], value);
                    case "--seconds" -> seconds = positive(args[i], value);
                    case "--download-seconds" -> downloadSeconds = positive(args[i], value);
                    case "--workers" -> workers = positive(args[i], value);
                    case "--downloads" -> downloads = Integer.parseInt(required(args[i], value));
                    case "--methods" -> methods = List.of(required(args[i], value).split(","));
                    default -> usage("unknown option " + args[i]);
                }
                i++;
            }
            List<String> known = ALL.stream().map(RestartMethod::name).toList();
            methods.stream().filter(m -> !known.contains(m)).findFirst()
                    .ifPresent(m -> usage("unknown method " + m + "; known: " + known));
            Duration downloadDuration = downloadSeconds > 0
                    ? Duration.ofSeconds(downloadSeconds) : Duration.ofMillis(seconds * 1500L);
            return new Options(runs, Duration.ofSeconds(seconds), downloadDuration, workers, downloads, methods, php);
        }

        boolean selects(String method) {
            return methods.isEmpty() || methods.contains(method);
        }

        /** Enough for a tight refusal loop (tens of thousands per second) over the whole window. */
        int maxRequests() {
            return (int) Math.min(5_000_000, 150_000L * window.toSeconds());
        }

        private static int positive(String option, String value) {
            int n = Integer.parseInt(required(option, value));
            if (n < 1) {
                usage(option + " must be positive");
            }
            return n;
        }

        private static String required(String option, String value) {
            if (value == null) {
                usage(option + " needs a value");
            }
            return value;
        }

        private static void usage(String problem) {
            System.err.println(problem);
            System.err.println("usage: RestartBench [--runs N] [--seconds S] [--download-seconds D (1.5 S)]"
                    + " [--workers W] [--downloads K]"
                    + " [--methods debian-init-reload,sigusr1,sigint-then-start,lighttpdctl-graceful] [--php]");
            System.exit(2);
        }
    }
}
