package org.lighttpdctl.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * An end-to-end test class whose tests each run in a container of their own, {@link #c}, which each test class's
 * {@code @BeforeEach} starts: the engine is checked once for the class ({@link E2e#requireContainerEngine}), and the
 * container is closed after every test, whatever its outcome.
 */
abstract class ContainerTest {
    /** The test's container; null until a {@code @BeforeEach} starts it. */
    protected DebianContainer c;

    @BeforeAll
    static void engine() {
        E2e.requireContainerEngine();
    }

    @AfterEach
    void closeContainer() {
        if (c != null) {
            c.close();
        }
    }
}
