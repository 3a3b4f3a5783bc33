package org.lighttpdctl.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/** The cost figures of {@link CostBench}, per command: medians and minima of the counted runs. */
final class CostTable {
    private final Map<String, Samples> rows = new LinkedHashMap<>();

    CostTable(Collection<String> commands) {
        commands.forEach(c -> rows.put(c, new Samples()));
    }

    void add(String command, ChildCost.Cost cost, double loadAverage, boolean counted) {
        Samples samples = rows.get(command);
        samples.exitCodes.add(cost.exitCode());
        if (counted) {
            samples.costs.add(cost);
            samples.loads.add(loadAverage);
        }
    }

    /** Median wall time of a command, in milliseconds. */
    double wallMillis(String command) {
        return median(rows.get(command).costs.stream().mapToDouble(c -> c.wallNanos() / 1e6).toArray());
    }

    /** Median CPU time of a command, in seconds. */
    double cpuSeconds(String command) {
        return median(rows.get(command).costs.stream().mapToDouble(c -> c.cpuNanos() / 1e9).toArray());
    }

    /** The lowest and highest 1-minute load average seen while a command was measured. */
    double[] loadRange() {
        double[] all = rows.values().stream().flatMap(s -> s.loads.stream()).mapToDouble(Double::doubleValue)
                .sorted().toArray();
        return all.length == 0 ? new double[] {Double.NaN, Double.NaN} : new double[] {all[0], all[all.length - 1]};
    }

    boolean has(String command) {
        return rows.containsKey(command) && !rows.get(command).costs.isEmpty();
    }

    String render() {
        StringBuilder out = new StringBuilder();
        String format = "| %-44s | %17s | %17s | %10s | %5s | %11s |%n";
        out.append(String.format(format, "command", "wall ms", "CPU s", "peak RSS", "exit", "load avg"));
        out.append(String.format(format, "---", "---:", "---:", "---:", "---", "---"));
        for (Map.Entry<String, Samples> row : rows.entrySet()) {
            Samples s = row.getValue();
            double[] wall = s.costs.stream().mapToDouble(c -> c.wallNanos() / 1e6).toArray();
            double[] cpu = s.costs.stream().mapToDouble(c -> c.cpuNanos() / 1e9).toArray();
            double[] rss = s.costs.stream().mapToDouble(c -> c.maxRssKib() / 1024.0).toArray();
            double[] load = s.loads.stream().mapToDouble(Double::doubleValue).toArray();
            out.append(String.format(format, row.getKey(),
                    String.format("%.1f (%.1f)", median(wall), min(wall)),
                    String.format("%.3f (%.3f)", median(cpu), min(cpu)),
                    String.format("%.1f MiB", median(rss)), s.exitCodes,
                    String.format("%.2f-%.2f", min(load), max(load))));
        }
        return out.toString();
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return java.util.Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return java.util.Arrays.stream(values).max().orElse(Double.NaN);
    }

    private static final class Samples {
        final List<ChildCost.Cost> costs = new ArrayList<>();
        final List<Double> loads = new ArrayList<>();
        final SortedSet<Integer> exitCodes = new TreeSet<>();
    }
}
