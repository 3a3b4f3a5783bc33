package org.lighttpdctl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The exact rank-sum test against values worked out by hand (the splits counted on paper). */
class RankSumTest {

    @Test
    void separatedSamplesGiveTheSmallestP() {
        // of the C(6,3) = 20 splits, only {1,2,3} and {4,5,6} are as far from the mean rank sum as the observed
        assertEquals(2.0 / 20, RankSum.twoSidedP(new double[] {1, 2, 3}, new double[] {4, 5, 6}), 1e-12);
        assertEquals(2.0 / 252, RankSum.twoSidedP(new double[] {6, 7, 8, 9, 10}, new double[] {1, 2, 3, 4, 5}), 1e-12);
    }

    @Test
    void interleavedOrEqualSamplesGiveOne() {
        assertEquals(1.0, RankSum.twoSidedP(new double[] {1, 4, 5, 8}, new double[] {2, 3, 6, 7}), 1e-12);
        assertEquals(1.0, RankSum.twoSidedP(new double[] {7, 7, 7}, new double[] {7, 7, 7}), 1e-12);
        assertEquals(1.0, RankSum.twoSidedP(new double[] {}, new double[] {1}), 1e-12);
    }

    @Test
    void tiesTakeMidRanks() {
        // ranks: a = {1, 2.5}, b = {2.5, 4}; sum(a) = 3.5 against mean 5: splits as far: {1,2.5}x2 and {2.5,4}x2 of 6
        assertEquals(4.0 / 6, RankSum.twoSidedP(new double[] {1, 2}, new double[] {2, 3}), 1e-12);
    }
}
