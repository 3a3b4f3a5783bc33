package org.lighttpdctl.bench;

import java.util.List;

/** The goals of issues 10 and 15, checked against {@link CostBench}'s medians: each met, or missed by how much. */
final class Goals {
    static final String TRIVIAL = "trivial Java main (same java and options)";
    static final String CONFIG_TEST = "lighttpd -tt -f CONF";
    static final String STATUS = "lighttpdctl status";
    static final String GRACEFUL = "lighttpdctl graceful";

    private static final double STATUS_RATIO = 2.0;
    private static final double GRACEFUL_WALL_MILLIS = 200;
    private static final double GRACEFUL_CPU_SECONDS = 0.25;
    private static final double LATENCY_RATIO = 1.5;

    private Goals() {
    }

    static String render(CostTable costs, List<LatencyRow> latency, double quietLoad) {
        StringBuilder out = new StringBuilder(String.format("%nGoals (stated for a quiet machine):%n"));
        double[] load = costs.loadRange();
        out.append(String.format("  load average during the cost runs: %.2f-%.2f: %s%n", load[0], load[1],
                load[1] < quietLoad ? "quiet" : "NOT quiet (above " + quietLoad + "): the wall times include waiting"
                        + " for a CPU; CPU seconds are the steadier figure"));
        double ratio = costs.wallMillis(STATUS) / costs.wallMillis(TRIVIAL);
        out.append(line("status within " + STATUS_RATIO + "x of the trivial main (wall)", ratio, STATUS_RATIO,
                "%.2fx", String.format(" (%.1f ms against %.1f ms; CPU %.3f s against %.3f s)",
                        costs.wallMillis(STATUS), costs.wallMillis(TRIVIAL), costs.cpuSeconds(STATUS),
                        costs.cpuSeconds(TRIVIAL))));
        out.append(line("status within " + STATUS_RATIO + "x of the trivial main (CPU)",
                costs.cpuSeconds(STATUS) / costs.cpuSeconds(TRIVIAL), STATUS_RATIO, "%.2fx", ""));
        out.append(line("graceful under " + (int) GRACEFUL_WALL_MILLIS + " ms wall", costs.wallMillis(GRACEFUL),
                GRACEFUL_WALL_MILLIS, "%.1f ms", ""));
        out.append(line("graceful under " + GRACEFUL_CPU_SECONDS + " CPU-s", costs.cpuSeconds(GRACEFUL),
                GRACEFUL_CPU_SECONDS, "%.3f s", ""));
        double[] ratios = latency.stream().mapToDouble(LatencyRow::ratio).toArray();
        out.append(line("busy machine: max latency with a graceful within " + LATENCY_RATIO + "x of without"
                        + " (median of " + ratios.length + " runs)", CostTable.median(ratios), LATENCY_RATIO,
                "%.2fx", ""));
        return out.toString();
    }

    private static String line(String goal, double value, double limit, String format, String detail) {
        String figure = String.format(format, value);
        String verdict = value <= limit ? "met" : String.format("MISSED by %.0f%%", (value / limit - 1) * 100);
        return String.format("  %-80s %10s  %s%s%n", goal, figure, verdict, detail);
    }
}
