package org.lighttpdctl.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.lighttpdctl.testing.Lighttpd;
import org.lighttpdctl.testing.Processes;
import org.lighttpdctl.testing.SampleSite;

/**
 * Start-up cost of the CLI: wall time of {@code bin/lighttpdctl status -f CONF} (against a running
 * sample lighttpd) next to {@link TrivialMain} started with the same java binary and JVM options, in
 * one run, alternating the two, after warm-ups. Prints median, min and their ratio.
 *
 * <p>The JVM options: JAVA_OPTS_FOR_BENCH (and JAVA_FOR_BENCH) if set, else observed in /proc
 * while bin/lighttpdctl runs once.
 *
 * <pre>java -cp ... org.lighttpdctl.bench.StartupBench [--runs N] [--warmups W] [--lighttpdctl PATH]</pre>
 * ({@code --lighttpdctl} defaults to this repository's bin/lighttpdctl.)
 */
public final class StartupBench {
    private StartupBench() {}

    public static void main(String[] args) throws Exception {
        int runs = intOption(args, "--runs", 20);
        int warmups = intOption(args, "--warmups", 3);
        Path script = Path.of(stringOption(args, "--lighttpdctl", LighttpdctlGraceful.script().toString()));
        try (SampleSite site = SampleSite.create()) {
            try (Lighttpd server = Lighttpd.startDaemon(site)) {
                List<String> tool = List.of(script.toString(), "status", "-f", site.config().toString());
                boolean haveTool = Files.isExecutable(script);
                JvmCommand jvm = JvmCommand.fromEnvironment()
                        .or(() -> haveTool ? JvmCommand.observe(tool, Duration.ofSeconds(30)) : Optional.empty())
                        .orElse(new JvmCommand(JvmCommand.thisJava(), List.of(), "default (no options)"));
                List<String> trivial = trivialCommand(jvm);
                System.out.printf("java: %s  options: %s  (%s)%n", jvm.java(), jvm.options(), jvm.source());
                System.out.printf("status of the sample lighttpd, PID %d%n", server.pid());
                System.out.printf("Startup wall time, %d runs each after %d warm-ups, alternating; %d core(s).%n",
                        runs, warmups, Runtime.getRuntime().availableProcessors());
                Timings toolTimes = haveTool ? new Timings() : null;
                Timings trivialTimes = new Timings();
                for (int i = 0; i < warmups + runs; i++) {
                    boolean counted = i >= warmups;
                    if (haveTool) {
                        toolTimes.add(Shell.run(tool, Map.of()), counted);
                    }
                    trivialTimes.add(Shell.run(trivial, Map.of()), counted);
                }
                print(haveTool ? toolTimes : null, trivialTimes);
            } finally {
                Processes.terminateAllMentioning(site.root(), Duration.ofSeconds(5));
            }
        }
        System.exit(0);
    }

    private static void print(Timings tool, Timings trivial) {
        String format = "%-40s %10s %10s  %s%n";
        System.out.printf(format, "command", "median", "min", "exit codes");
        if (tool == null) {
            System.out.printf("%-40s n/a (bin/lighttpdctl missing)%n", "bin/lighttpdctl status -f CONF");
        } else {
            System.out.printf(format, "bin/lighttpdctl status -f CONF", ms(tool.median()), ms(tool.min()),
                    tool.exits());
        }
        System.out.printf(format, "TrivialMain (same java and options)", ms(trivial.median()), ms(trivial.min()),
                trivial.exits());
        if (tool != null) {
            System.out.printf(format, "ratio", String.format("%.1fx", tool.median() / trivial.median()),
                    String.format("%.1fx", tool.min() / trivial.min()), "");
        }
    }

    private static List<String> trivialCommand(JvmCommand jvm) throws URISyntaxException {
        Path classes = Path.of(TrivialMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>();
        command.add(jvm.java());
        command.addAll(jvm.options());
        command.addAll(List.of("-cp", classes.toString(), TrivialMain.class.getName()));
        return command;
    }

    private static String ms(double nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }

    private static int intOption(String[] args, String name, int fallback) {
        return Integer.parseInt(stringOption(args, name, Integer.toString(fallback)));
    }

    private static String stringOption(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    /** Wall times of counted runs and the distinct exit codes of all runs. */
    private static final class Timings {
        private final List<Long> nanos = new ArrayList<>();
        private final SortedSet<Integer> exitCodes = new TreeSet<>();

        void add(Shell.Result result, boolean counted) {
            exitCodes.add(result.exitCode());
            if (counted) {
                nanos.add(result.took().toNanos());
            }
        }

        double median() {
            long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        }

        double min() {
            return nanos.stream().mapToLong(Long::longValue).min().orElse(0);
        }

        String exits() {
            return exitCodes.toString();
        }
    }
}
