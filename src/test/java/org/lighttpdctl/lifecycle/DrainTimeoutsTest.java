package org.lighttpdctl.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lighttpdctl.testing.fake.FakeInstance;
import org.lighttpdctl.testing.fake.FakeKernel;

/** How long an old generation may drain: lighttpd's own limit plus a margin, a cap when it has none, or --timeout. */
@Tag("unit")
class DrainTimeoutsTest {
    @TempDir
    Path tmp;

    @Test
    void lighttpdsGracefulShutdownTimeoutPlusTwoSeconds() {
        FakeInstance fake = new FakeInstance(new FakeKernel(tmp), 8);
        assertEquals(Duration.ofSeconds(10), DrainTimeouts.of(fake.instance(), Optional.empty()));
    }

    @Test
    void aServerThatWouldDrainForeverIsCappedAtSixtySeconds() {
        FakeInstance fake = new FakeInstance(new FakeKernel(tmp), 0);
        assertEquals(Duration.ofSeconds(60), DrainTimeouts.of(fake.instance(), Optional.empty()));
    }

    @Test
    void anExplicitTimeoutWins() {
        FakeInstance fake = new FakeInstance(new FakeKernel(tmp), 0);
        assertEquals(Duration.ofSeconds(3), DrainTimeouts.of(fake.instance(), Optional.of(Duration.ofSeconds(3))));
    }
}
