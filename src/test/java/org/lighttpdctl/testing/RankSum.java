package org.lighttpdctl.testing;

import java.util.Arrays;

/**
 * The Wilcoxon rank-sum (Mann-Whitney) test, exact: for two small samples, the two-sided probability that a rank
 * sum at least as far from its mean as the observed one arises when both samples come from one distribution, over
 * every way of splitting the pooled values into groups of the two sizes (ties get mid-ranks). For the benchmarks
 * that compare a handful of runs of two actions: is one's worst wait drawn from a worse distribution than the
 * other's, or are the runs' differences what the machine's noise gives either?
 */
public final class RankSum {
    /** Enumerating beyond this many splits is pointless for a benchmark of a few runs per side. */
    private static final long MAX_SPLITS = 5_000_000;

    private RankSum() {
    }

    /** @return the exact two-sided p-value; 1 when either sample is empty */
    public static double twoSidedP(double[] a, double[] b) {
        int n = a.length + b.length;
        if (a.length == 0 || b.length == 0) {
            return 1;
        }
        if (Binomial.coefficient(n, a.length) > MAX_SPLITS) {
            throw new IllegalArgumentException("too many runs for the exact test: " + a.length + " and " + b.length);
        }
        double[] ranks = midRanks(a, b);
        double observed = 0;
        for (int i = 0; i < a.length; i++) {
            observed += ranks[i];
        }
        double mean = a.length * (n + 1) / 2.0;
        double distance = Math.abs(observed - mean) - 1e-9;
        long[] counts = new long[2]; // {as far or farther, all}
        enumerate(ranks, 0, a.length, 0, mean, distance, counts);
        return (double) counts[0] / counts[1];
    }

    /** The mid-ranks of the pooled values: a's first, then b's. */
    private static double[] midRanks(double[] a, double[] b) {
        double[] pooled = new double[a.length + b.length];
        System.arraycopy(a, 0, pooled, 0, a.length);
        System.arraycopy(b, 0, pooled, a.length, b.length);
        double[] sorted = pooled.clone();
        Arrays.sort(sorted);
        double[] ranks = new double[pooled.length];
        for (int i = 0; i < pooled.length; i++) {
            int first = lowerBound(sorted, pooled[i]);
            int last = lowerBound(sorted, Math.nextUp(pooled[i])) - 1;
            ranks[i] = (first + last) / 2.0 + 1;
        }
        return ranks;
    }

    private static int lowerBound(double[] sorted, double value) {
        int index = Arrays.binarySearch(sorted, value);
        if (index < 0) {
            return -index - 1;
        }
        while (index > 0 && sorted[index - 1] == value) {
            index--;
        }
        return index;
    }

    /** Every choice of {@code left} of the ranks from {@code from} on, added to {@code sum}. */
    private static void enumerate(double[] ranks, int from, int left, double sum, double mean, double distance,
                                  long[] counts) {
        if (left == 0) {
            counts[1]++;
            if (Math.abs(sum - mean) >= distance) {
                counts[0]++;
            }
            return;
        }
        for (int i = from; i <= ranks.length - left; i++) {
            enumerate(ranks, i + 1, left - 1, sum + ranks[i], mean, distance, counts);
        }
    }

}
