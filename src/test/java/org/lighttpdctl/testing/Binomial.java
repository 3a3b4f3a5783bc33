package org.lighttpdctl.testing;

/** The binomial coefficient, exact in a long, for the exact tests of a handful of benchmark runs. */
final class Binomial {
    private Binomial() {
    }

    /** @return n choose k (each step's product is divisible by i, so the division is exact) */
    static long coefficient(int n, int k) {
        long result = 1;
        for (int i = 1; i <= k; i++) {
            result = result * (n - k + i) / i;
        }
        return result;
    }
}
