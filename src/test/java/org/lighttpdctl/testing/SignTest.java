package org.lighttpdctl.testing;

/**
 * The exact sign test for paired runs: of n pairs that are not ties, the one-sided probability that {@code worse}
 * or more come out one way round when each pair is a coin toss (both members drawn from one distribution). For the
 * e2e suite's pairs of a restart path and the reload run beside it: do the restart paths make clients wait longer
 * in this run, or are the pairs' differences the machine's noise?
 */
public final class SignTest {
    private SignTest() {
    }

    /**
     * @param worse the pairs that came out one way round
     * @param pairs the pairs that were not ties
     * @return P(X >= worse) for X binomial(pairs, 1/2); 1 when no pair was decided
     */
    public static double oneSidedP(int worse, int pairs) {
        if (worse < 0 || worse > pairs || pairs > 60) {
            throw new IllegalArgumentException("worse must be 0.." + pairs + " of at most 60 pairs: " + worse);
        }
        long tail = 0;
        for (int k = worse; k <= pairs; k++) {
            tail += Binomial.coefficient(pairs, k);
        }
        return tail / Math.pow(2, pairs);
    }
}
