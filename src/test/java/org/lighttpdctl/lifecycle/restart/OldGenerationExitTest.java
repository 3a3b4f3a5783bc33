package org.lighttpdctl.lifecycle.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lighttpdctl.os.ProcessStat;
import org.lighttpdctl.os.Signal;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Generation.Role;
import org.lighttpdctl.testing.fake.Exit;
import org.lighttpdctl.testing.fake.FakeInstance;
import org.lighttpdctl.testing.fake.FakeKernel;
import org.lighttpdctl.testing.fake.FakeProcess;

/**
 * Draining an old generation to its end, decided against the fake kernel: SIGINT and SIGCONT, its drain
 * deadline, then SIGTERM (and SIGKILL 5 s later); then up to 10 s for the backends it spawned, which lighttpdctl
 * never signals itself.
 */
@Tag("unit")
class OldGenerationExitTest {
    private static final Duration DRAIN = Duration.ofSeconds(10);
    private static final Path PHP = Path.of("/usr/bin/php-cgi");

    @TempDir
    Path tmp;
    private FakeKernel kernel;
    private FakeInstance fake;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private OldGenerationExit exit;

    @BeforeEach
    void setUp() {
        kernel = new FakeKernel(tmp).oversleep(Duration.ofMillis(250));
        fake = new FakeInstance(kernel, 8);
        exit = new OldGenerationExit(kernel.context(console));
    }

    private Generation generation(FakeProcess p) {
        return new Generation(1, p.pid(), p.startTicks(), fake.binary(), Role.SERVING, 0, false);
    }

    @Test
    void theChildrenAreTheDirectOnesOnly() {
        FakeProcess lighttpd = fake.generation(1, 4711, Role.SERVING, 0, true);
        FakeProcess php = kernel.process(4712, PHP).parent(4711);
        kernel.process(4713, PHP).parent(4712);
        kernel.process(4714, PHP);

        List<ProcessStat> children = exit.children(generation(lighttpd));

        assertEquals(List.of(php.pid()), children.stream().map(ProcessStat::pid).toList());
    }

    @Test
    void aGenerationThatDrainsInTimeTakesSigintAndSigcontOnly() throws Exception {
        FakeProcess lighttpd = fake.generation(1, 4711, Role.SERVING, 0, true).drainsFor(Duration.ofSeconds(4));
        FakeProcess php = kernel.process(4712, PHP).parent(4711).exitsIn(Duration.ofMillis(4_100), 0);
        Generation old = generation(lighttpd);

        exit.drainToExit(old, exit.children(old), DRAIN);

        assertEquals(List.of("INT>4711", "CONT>4711"), kernel.signalLog());
        assertTrue(php.received().isEmpty(), "backends are lighttpd's to end");
        assertTrue(kernel.elapsedMillis() >= 4_100 && kernel.elapsedMillis() < DRAIN.toMillis(),
                kernel.elapsedMillis() + " ms");
        assertFalse(console.toString().contains("still"), console.toString());
    }

    @Test
    void aDrainPastTheDeadlineIsTerminated() throws Exception {
        FakeProcess lighttpd = fake.generation(1, 4711, Role.SERVING, 0, true).on(Signal.TERM, Exit.now());
        Generation old = generation(lighttpd);

        exit.drainToExit(old, exit.children(old), DRAIN);

        assertEquals(List.of("INT>4711", "CONT>4711", "TERM>4711"), kernel.signalLog());
        long termAt = kernel.signals().get(2).atMillis();
        assertTrue(termAt >= DRAIN.toMillis() && termAt < DRAIN.toMillis() + 500, termAt + " ms");
        assertTrue(console.toString().contains("still draining after 10 s: terminating it"), console.toString());
    }

    @Test
    void aBackendThatOutlivesItsServerIsReportedAfterTenSeconds() throws Exception {
        FakeProcess lighttpd = fake.generation(1, 4711, Role.SERVING, 0, true).drainsFor(Duration.ofSeconds(1));
        FakeProcess php = kernel.process(4712, PHP).parent(4711);
        Generation old = generation(lighttpd);

        exit.drainToExit(old, exit.children(old), DRAIN);

        assertTrue(php.received().isEmpty(), "never signalled by lighttpdctl");
        assertTrue(kernel.elapsedMillis() >= 11_000 && kernel.elapsedMillis() < 12_000, kernel.elapsedMillis() + " ms");
        assertTrue(console.toString().contains("process 4712 that the old generation spawned is still running 10 s"
                + " after it exited"), console.toString());
    }
}
