package org.lighttpdctl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The exact sign test against tails worked out by hand. */
class SignTestTest {

    @Test
    void tailsOfTheFairCoin() {
        assertEquals(1.0 / 1024, SignTest.oneSidedP(10, 10), 1e-15);
        assertEquals(11.0 / 1024, SignTest.oneSidedP(9, 10), 1e-15);
        assertEquals(386.0 / 1024, SignTest.oneSidedP(6, 10), 1e-15); // 210 + 120 + 45 + 10 + 1
        assertEquals(1.0, SignTest.oneSidedP(0, 10), 1e-15);
        assertEquals(1.0, SignTest.oneSidedP(0, 0), 1e-15);
    }

    @Test
    void moreWorseThanPairsIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> SignTest.oneSidedP(3, 2));
        assertThrows(IllegalArgumentException.class, () -> SignTest.oneSidedP(-1, 2));
    }
}
