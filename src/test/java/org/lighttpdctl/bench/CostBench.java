package org.lighttpdctl.bench;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.lighttpdctl.testing.LoadClient;
import org.lighttpdctl.testing.LoadReport;
import org.lighttpdctl.testing.Processes;
import org.lighttpdctl.testing.SampleSite;

/**
 * What lighttpdctl costs the machine it runs on, in one run, side by side and alternating:
 * <ol>
 *   <li>wall time, CPU time (user + system, from the kernel: {@link ChildCost}) and peak RSS of
 *       {@code bin/lighttpdctl status}, {@code graceful}, {@code stop} and {@code start} on the sample site, next to
 *       a trivial Java main started with the same java and options, and next to {@code lighttpd -tt}; optional
 *       variants of the tool's JVM options ({@code --variant NAME=OPTIONS}, passed as LIGHTTPDCTL_JAVA_OPTS) add
 *       rows for status and graceful, to measure one lever in the same run;</li>
 *   <li>the clients' max latency during a graceful on a machine kept busy by one busy loop per core, against the
 *       same busy window without the graceful (alternating which comes first).</li>
 * </ol>
 * Every figure is printed with the 1-minute load average at the time; the goals are checked against the
 * medians and reported as met or missed by how much. Not a test: the figures depend on the machine.
 *
 * <pre>java -cp ... org.lighttpdctl.bench.CostBench [--runs N] [--warmups W] [--busy-runs R] [--busy-seconds S]
 *     [--variant NAME=JVM_OPTIONS]...</pre>
 */
public final class CostBench {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final double QUIET_LOAD = 1.0;

    private final Options options;
    private final Path script = LighttpdctlGraceful.script();

    private CostBench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        System.out.println(Machine.describe());
        try (SampleSite site = SampleSite.create()) {
            try {
                new CostBench(options).run(site);
            } finally {
                Processes.terminateAllMentioning(site.root(), Duration.ofSeconds(5));
            }
        }
        System.exit(0);
    }

    private void run(SampleSite site) throws URISyntaxException {
        List<String> common = List.of("-f", site.config().toString(), "--state-dir",
                site.root().resolve("state").toString());
        Map<String, Command> commands = commands(site, common);
        require(tool("start", common, Map.of()).run(), "start");
        requireFreshArchive(common);
        CostTable costs = new CostTable(commands.keySet());
        for (int i = 0; i < options.warmups() + options.runs(); i++) {
            boolean counted = i >= options.warmups();
            for (Map.Entry<String, Command> command : commands.entrySet()) {
                costs.add(command.getKey(), command.getValue().run(), BusyMachine.loadAverage(), counted);
            }
        }
        System.out.printf("%nCost of one command: %d runs each after %d warm-ups, alternating (medians; min in"
                + " brackets); CPU = user + system of the process and the children it waited for.%n",
                options.runs(), options.warmups());
        System.out.print(costs.render());
        List<LatencyRow> latency = busyLatency(site, common);
        System.out.print(LatencyRow.render(latency, options.busySeconds()));
        System.out.print(Goals.render(costs, latency, QUIET_LOAD));
        require(tool("stop", common, Map.of()).run(), "stop");
    }

    /**
     * Logs where one status and one graceful load their classes from, and refuses to go on (exit 3) when the
     * tool's classes did not come from its class-data-sharing archive: a missing archive, one made before the jar
     * was rebuilt, or one made by another JVM is silently ignored by the JVM and costs a third of a second a run.
     */
    private void requireFreshArchive(List<String> common) {
        for (String action : List.of("status", "graceful")) {
            List<String> argv = new ArrayList<>(List.of(script.toString(), action));
            argv.addAll(common);
            ArchiveCheck check = ArchiveCheck.run(argv);
            System.out.printf("classes loaded by one %s: %s%n", action, check.render());
            if (!check.mainFromArchive()) {
                System.err.printf("CostBench: refusing to measure: lighttpdctl %s did not load its classes from a"
                        + " class-data-sharing archive (none, or stale: made before the jar was rebuilt, or by"
                        + " another JVM); make one with 'make cds' for this JVM%n", action);
                System.exit(3);
            }
        }
    }

    /** The rows of the cost table, in the order each round runs them. */
    private Map<String, Command> commands(SampleSite site, List<String> common) throws URISyntaxException {
        JvmCommand jvm = JvmCommand.fromEnvironment()
                .or(() -> JvmCommand.observe(List.of(script.toString(), "status", "-f", site.config().toString()),
                        Duration.ofSeconds(30)))
                .orElseThrow(() -> new IllegalStateException("cannot see the JVM options bin/lighttpdctl uses"));
        System.out.printf("java: %s (%s), options: %s (%s)%n", jvm.java(), jvm.version(), jvm.options(),
                jvm.source());
        Map<String, Command> commands = new LinkedHashMap<>();
        List<String> trivial = trivialMain(jvm);
        commands.put(Goals.TRIVIAL, () -> ChildCost.run(trivial, Map.of(), TIMEOUT));
        commands.put(Goals.CONFIG_TEST, () -> ChildCost.run(List.of("/usr/sbin/lighttpd", "-tt", "-f",
                site.config().toString()), Map.of(), TIMEOUT));
        commands.put(Goals.STATUS, tool("status", common, Map.of()));
        commands.put(Goals.GRACEFUL, tool("graceful", common, Map.of()));
        for (Map.Entry<String, String> variant : options.variants().entrySet()) {
            Map<String, String> env = Map.of("LIGHTTPDCTL_JAVA_OPTS", variant.getValue());
            commands.put(Goals.STATUS + " [" + variant.getKey() + "]", tool("status", common, env));
            commands.put(Goals.GRACEFUL + " [" + variant.getKey() + "]", tool("graceful", common, env));
        }
        commands.put("lighttpdctl stop", tool("stop", common, Map.of()));
        commands.put("lighttpdctl start", tool("start", common, Map.of()));
        return commands;
    }

    private Command tool(String action, List<String> common, Map<String, String> env) {
        List<String> argv = new ArrayList<>(List.of(script.toString(), action));
        argv.addAll(common);
        return () -> ChildCost.run(argv, env, TIMEOUT);
    }

    private static List<String> trivialMain(JvmCommand jvm) throws URISyntaxException {
        Path classes = Path.of(TrivialMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> argv = new ArrayList<>();
        argv.add(jvm.java());
        argv.addAll(jvm.options());
        argv.addAll(List.of("-cp", classes.toString(), TrivialMain.class.getName()));
        return argv;
    }

    /**
     * Per run: a busy window with a graceful in its middle and a busy window of the same length without it, each
     * under its own fresh busy loops (one per core), in alternating order: odd runs the graceful window first,
     * even runs the plain one first. The graceful window sets the length: the load client stretches it to end
     * half a window after the graceful does, and a max over a longer window is larger by itself; a plain window
     * that goes first takes the length of the previous run's graceful window.
     */
    private List<LatencyRow> busyLatency(SampleSite site, List<String> common) {
        List<LatencyRow> rows = new ArrayList<>();
        Duration window = Duration.ofSeconds(options.busySeconds());
        Duration length = window;
        Command graceful = tool("graceful", common, Map.of());
        for (int run = 1; run <= options.busyRuns(); run++) {
            double loadBefore = BusyMachine.loadAverage();
            AtomicReference<ChildCost.Cost> action = new AtomicReference<>();
            LoadReport plain = null;
            if (run % 2 == 0) {
                plain = busyWindow(site, length, null);
            }
            LoadReport restarted = busyWindow(site, window, () -> action.set(graceful.run()));
            length = restarted.elapsed();
            if (plain == null) {
                plain = busyWindow(site, length, null);
            }
            rows.add(new LatencyRow(run, loadBefore, plain, restarted, action.get()));
            System.err.println("busy run " + run + ": with graceful " + restarted + "\n  without " + plain);
        }
        return rows;
    }

    private LoadReport busyWindow(SampleSite site, Duration window, Runnable midpoint) {
        try (BusyMachine busy = BusyMachine.start(window.plus(TIMEOUT).plusSeconds(10))) {
            Processes.sleep(Duration.ofSeconds(1)); // the loops are running, the scheduler has settled
            return load(site, window).runWindow(window, midpoint);
        }
    }

    private LoadClient load(SampleSite site, Duration window) {
        return LoadClient.forPort(site.port()).workers(4).downloads(0)
                .maxRequests((int) Math.min(5_000_000, 150_000 * (window.toSeconds() + 1)))
                .deadline(window.plusSeconds(60)).build();
    }

    private static void require(ChildCost.Cost cost, String what) {
        if (cost.exitCode() != 0) {
            throw new IllegalStateException("lighttpdctl " + what + " exited " + cost.exitCode() + ": "
                    + cost.output());
        }
    }

    /** One measured command. */
    interface Command {
        ChildCost.Cost run();
    }

    /** Command-line options. */
    record Options(int runs, int warmups, int busyRuns, int busySeconds, Map<String, String> variants) {
        static Options parse(String[] args) {
            int runs = 10;
            int warmups = 2;
            int busyRuns = 3;
            int busySeconds = 6;
            Map<String, String> variants = new LinkedHashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                String value = args[i + 1];
                switch (args[i]) {
                    case "--runs" -> runs = Integer.parseInt(value);
                    case "--warmups" -> warmups = Integer.parseInt(value);
                    case "--busy-runs" -> busyRuns = Integer.parseInt(value);
                    case "--busy-seconds" -> busySeconds = Integer.parseInt(value);
                    case "--variant" -> variants.put(value.substring(0, value.indexOf('=')),
                            value.substring(value.indexOf('=') + 1));
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: CostBench"
                            + " [--runs N] [--warmups W] [--busy-runs R] [--busy-seconds S] [--variant NAME=OPTS]");
                }
            }
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException("option " + args[args.length - 1] + " needs a value");
            }
            return new Options(runs, warmups, busyRuns, busySeconds, variants);
        }
    }
}
