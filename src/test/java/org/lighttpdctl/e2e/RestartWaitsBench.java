package org.lighttpdctl.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lighttpdctl.testing.RankSum;

/**
 * Issue 13's "no worse than `systemctl reload`", by repetition: one run of each path, as {@link RestartPathsE2ETest}
 * makes, compares two single worst waits, and two such maxima of one distribution come out either way round about
 * as often (the longer action, with more requests in it, a little more often the worse). Here each restart path
 * runs {@code lighttpdctl.bench.trials} times (default 6) under each load, interleaved with reload, and with a run
 * that does nothing (the machine's own noise), in a rotating order in one container, with the same load, slow PHP
 * requests and downloads in flight, and the figures are set side by side: each path's worst waits of a new
 * connection begun during the action, and over the same {@link #SPAN} from the action's start (as many requests for
 * every path, the drain a reload leaves behind included), their medians and the exact rank-sum test of each against
 * reload's (p: how often runs of one distribution differ as much); the 99.9th percentile and the count of requests
 * over 10 ms during the action (figures that do not grow with the action's length). A benchmark (make
 * bench-restart-waits): it prints figures, and asserts only that no client was lost.
 */
@Tag("e2e-bench")
class RestartWaitsBench {
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration WINDOW = Duration.ofSeconds(6);
    /**
     * Longer than the actions of reload, restart, invoke-rc.d and the trigger here (Debian 13's trigger under the
     * saturating load: about 4.2 s); an upgrade takes up to 11 s: -Dlighttpdctl.bench.spanSeconds=12 with it.
     */
    private static final Duration SPAN = Duration.ofSeconds(Long.getLong("lighttpdctl.bench.spanSeconds", 6));
    /** The paths to run besides reload, by name, comma-separated (default: all but the upgrade and two restarts). */
    private static final String PATHS = System.getProperty("lighttpdctl.bench.paths",
            "systemctl restart,invoke-rc.d restart,package trigger,no action");
    private static final String UPGRADE = "upgrade of lighttpd";
    private static final String UPGRADE_WITHOUT_RESTART = "upgrade with restarts denied";
    private static final String RELOAD = "systemctl reload";
    private static final String SLOW_PHP = "/slow.php";
    private static final int TRIALS = Integer.getInteger("lighttpdctl.bench.trials", 6);
    private static final Pattern WAITS = Pattern.compile("^E2E-WAITS during n=(\\d+) p99=(\\S+) p999=(\\S+) "
            + "over10ms=(\\d+)", Pattern.MULTILINE);

    /** One run of a path: what clients waited during its action, and what it lost. */
    private record Trial(long worstMs, long spanWorstMs, double p999Ms, long over10ms, long requests, long actionMs,
                         long lost) {
    }

    @BeforeAll
    static void engine() {
        E2e.requireContainerEngine();
    }

    @Test
    void restartPathsAgainstReload() {
        // each path's command for the n-th upgrade so far (only the upgrades' differ: to the n-th higher version)
        Map<String, IntFunction<String>> known = new LinkedHashMap<>();
        known.put("systemctl restart", n -> "systemctl restart lighttpd");
        known.put("invoke-rc.d restart", n -> "invoke-rc.d lighttpd restart");
        known.put("two restarts 0.5 s apart", n -> RestartPathsE2ETest.TWO_RESTARTS);
        known.put(UPGRADE, RestartPathsE2ETest::upgrade);
        known.put(UPGRADE_WITHOUT_RESTART, n -> withRestartsDenied(RestartPathsE2ETest.upgrade(n)));
        known.put("package trigger", n -> RestartPathsE2ETest.TRIGGER);
        known.put("no action", n -> "true");
        Map<String, IntFunction<String>> paths = new LinkedHashMap<>();
        paths.put(RELOAD, n -> "systemctl reload lighttpd");
        for (String name : PATHS.split(",")) {
            if (!known.containsKey(name.trim())) {
                throw new IllegalArgumentException("lighttpdctl.bench.paths: no path " + name + "; known: "
                        + known.keySet());
            }
            paths.put(name.trim(), known.get(name.trim()));
        }
        List<String> names = new ArrayList<>(paths.keySet());
        int upgrades = 0;
        long lost = 0;
        try (DebianContainer c = DebianContainer.systemd()) {
            c.installWithSlowPhp(SLOW_PHP);
            c.measureSpan(SPAN);
            String release = c.release();
            for (Duration pause : List.of(Duration.ofMillis(1), Duration.ZERO)) {
                Map<String, List<Trial>> trials = new LinkedHashMap<>();
                names.forEach(n -> trials.put(n, new ArrayList<>()));
                for (int t = 0; t < TRIALS; t++) {
                    for (int k = 0; k < names.size(); k++) {
                        String name = names.get((t + k) % names.size()); // reload first, second, ... in turn
                        if (name.equals(UPGRADE) || name.equals(UPGRADE_WITHOUT_RESTART)) {
                            RestartPathsE2ETest.repackHigher(c, ++upgrades);
                        }
                        Trial trial = run(c, paths.get(name).apply(upgrades), pause);
                        trials.get(name).add(trial);
                        lost += trial.lost();
                    }
                }
                System.out.println(table(release, pause.isZero() ? "saturating" : "paced", trials));
            }
        }
        assertEquals(0, lost, "clients lost across the runs (the runs' lines above name them)");
    }

    /**
     * {@code command} with every restart denied: a policy-rc.d that exits 101 ("action forbidden"), which
     * deb-systemd-invoke and invoke-rc.d obey, in place while it runs; what is left of an upgrade is apt and dpkg.
     * If the policy cannot be put in place, the arm fails (a lost run) rather than upgrade with restarts.
     */
    private static String withRestartsDenied(String command) {
        return "{ printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d; }"
                + " || exit 1; " + command + "; rc=$?; rm -f /usr/sbin/policy-rc.d; exit $rc";
    }

    private static Trial run(DebianContainer c, String action, Duration pause) {
        List<LoadRun> runs = c.loadAlso(WINDOW, action, SLOW_PHP, CLIENT_TIMEOUT, pause);
        LoadRun load = runs.get(0);
        LoadRun php = runs.get(1);
        long lost = load.failures() + php.failures() + (load.get("actionExit") == 0 ? 0 : 1);
        if (lost > 0) {
            System.out.println("[bench] " + action + ": lost " + load.summary() + " | PHP " + php.summary()
                    + "\n" + load.output());
        }
        Matcher waits = WAITS.matcher(load.output());
        if (!waits.find()) {
            throw new AssertionError("no E2E-WAITS line:\n" + load.output());
        }
        if (load.get("actionMs") > SPAN.toMillis()) {
            System.out.println("[bench] " + action + " took " + load.get("actionMs") + " ms, longer than the span");
        }
        return new Trial(load.worstDuringMs(), load.worstOverSpanMs(),
                Double.parseDouble(waits.group(3)),
                Long.parseLong(waits.group(4)), Long.parseLong(waits.group(1)), load.get("actionMs"), lost);
    }

    private static String table(String release, String load, Map<String, List<Trial>> trials) {
        List<Trial> reload = trials.get(RELOAD);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "[bench] restart paths against reload on %s,"
                + " %s load, %d runs each: worst wait of a new connection (ms) begun during the action, in run order,"
                + " their median and the rank-sum p against reload's; the same over the %d s from the action's start;"
                + " median p99.9 during the action; median requests over 10 ms per second of action; median action"
                + " ms:%n"
                + "| path | worst during the action | median | p | worst over %d s from its start | median | p"
                + " | p99.9 | >10 ms/s | action |%n"
                + "| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |%n",
                release, load, TRIALS, SPAN.toSeconds(), SPAN.toSeconds()));
        for (Map.Entry<String, List<Trial>> path : trials.entrySet()) {
            List<Trial> runs = path.getValue();
            boolean isReload = path.getKey().equals(RELOAD);
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f | %.1f | %.0f |%n", path.getKey(),
                    compared(runs, reload, Trial::worstMs, isReload),
                    compared(runs, reload, Trial::spanWorstMs, isReload),
                    median(runs, Trial::p999Ms), median(runs, r -> r.over10ms() * 1000.0 / Math.max(1, r.actionMs())),
                    median(runs, Trial::actionMs)));
        }
        return out.toString();
    }

    /** "each run's figure, in order | their median | p against reload's" (no p for reload itself). */
    private static String compared(List<Trial> runs, List<Trial> reload, ToDoubleFunction<Trial> figure,
                                   boolean isReload) {
        String each = String.join(", ", runs.stream().map(r -> Long.toString((long) figure.applyAsDouble(r)))
                .toList());
        String p = isReload ? "" : String.format(Locale.ROOT, "%.2f",
                RankSum.twoSidedP(values(runs, figure), values(reload, figure)));
        return String.format(Locale.ROOT, "%s | %.0f | %s", each, median(runs, figure), p);
    }

    private static double[] values(List<Trial> runs, ToDoubleFunction<Trial> figure) {
        return runs.stream().mapToDouble(figure).toArray();
    }

    private static double median(List<Trial> runs, ToDoubleFunction<Trial> figure) {
        return median(values(runs, figure));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
