package org.lighttpdctl.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.os.Signal;
import org.lighttpdctl.server.Generation.Role;
import org.lighttpdctl.testing.fake.Exit;
import org.lighttpdctl.testing.fake.FakeInstance;
import org.lighttpdctl.testing.fake.FakeKernel;
import org.lighttpdctl.testing.fake.FakeProcess;
import org.lighttpdctl.testing.fake.SentSignal;

/**
 * stop's escalation, decided against the fake kernel: SIGINT to the generations not yet told, SIGTERM only once
 * the stop timeout (30 s here) has passed, SIGKILL 5 s after an ignored SIGTERM, never a second SIGINT to a
 * draining generation, and nothing to a process whose identity does not match its record.
 */
@Tag("unit")
class StopEscalationTest {
    private static final long TIMEOUT_MILLIS = 30_000;

    @TempDir
    Path tmp;
    private FakeKernel kernel;
    private FakeInstance fake;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private StopAction stop;

    @BeforeEach
    void setUp() {
        kernel = new FakeKernel(tmp).oversleep(Duration.ofMillis(50));
        fake = new FakeInstance(kernel, 8);
        stop = new StopAction(kernel.context(console));
    }

    @Test
    void aServerThatDrainsInTimeTakesOnlySigint() throws Exception {
        fake.generation(1, 4711, Role.SERVING, 0, true).drainsFor(Duration.ofSeconds(10));
        fake.pidfile(4711);

        assertEquals(ExitCode.SUCCESS, stop.stopLocked(fake.instance(), fake.settings()));

        assertEquals(List.of("INT>4711"), kernel.signalLog());
        assertTrue(kernel.signals().get(0).throughPidfd(), "signalled through a pidfd, never by a bare PID");
        assertTrue(kernel.elapsedMillis() >= 10_000 && kernel.elapsedMillis() < TIMEOUT_MILLIS,
                "waited for the drain, not for the timeout: " + kernel.elapsedMillis() + " ms");
        assertTrue(fake.records().isEmpty(), "records forgotten");
        assertFalse(Files.exists(fake.instance().pidfile().path()), "pidfile removed");
    }

    @Test
    void sigtermOnlyAfterTheStopTimeout() throws Exception {
        fake.generation(1, 4711, Role.SERVING, 0, true).on(Signal.TERM, Exit.now());

        assertEquals(ExitCode.SUCCESS, stop.stopLocked(fake.instance(), fake.settings()));

        assertEquals(List.of("INT>4711", "TERM>4711"), kernel.signalLog());
        assertTrue(kernel.signals().get(1).atMillis() >= TIMEOUT_MILLIS, kernel.signals().toString());
        assertTrue(kernel.signals().get(1).atMillis() < TIMEOUT_MILLIS + 1_000, kernel.signals().toString());
    }

    @Test
    void sigkillFiveSecondsAfterAnIgnoredSigterm() throws Exception {
        fake.generation(1, 4711, Role.SERVING, 0, true);

        assertEquals(ExitCode.SUCCESS, stop.stopLocked(fake.instance(), fake.settings()));

        assertEquals(List.of("INT>4711", "TERM>4711", "KILL>4711"), kernel.signalLog());
        long termAt = kernel.signals().get(1).atMillis();
        long killAt = kernel.signals().get(2).atMillis();
        assertTrue(killAt - termAt >= 5_000 && killAt - termAt < 6_000, kernel.signals().toString());
    }

    @Test
    void aProcessThatSurvivesSigkillFailsTheStopNamingIt() {
        fake.generation(1, 4711, Role.SERVING, 0, true).unkillable();

        LighttpdctlException e = assertThrows(LighttpdctlException.class,
                () -> stop.stopLocked(fake.instance(), fake.settings()));

        assertEquals(ExitCode.GENERIC_ERROR, e.exitCode());
        assertTrue(e.getMessage().contains("cannot stop PID 4711: still running after SIGKILL"), e.getMessage());
        assertEquals(List.of("INT>4711", "TERM>4711", "KILL>4711"), kernel.signalLog());
    }

    @Test
    void aDrainingGenerationIsNeverSentASecondSigint() throws Exception {
        // generation 1 took SIGINT at an earlier restart: it has closed its listeners and drains
        fake.generation(1, 4700, Role.DRAINING, System.currentTimeMillis() + 60_000, false)
                .on(Signal.TERM, Exit.now());
        fake.generation(2, 4711, Role.SERVING, 0, true).drainsFor(Duration.ofSeconds(1));
        fake.pidfile(4711);

        assertEquals(ExitCode.SUCCESS, stop.stopLocked(fake.instance(), fake.settings()));

        assertEquals(List.of("INT>4711", "TERM>4700"), kernel.signalLog(),
                "the draining one waits out the timeout, then SIGTERM: no SIGINT");
        assertTrue(kernel.signals().get(1).atMillis() >= TIMEOUT_MILLIS, kernel.signals().toString());
    }

    @Test
    void aRecordWhosePidNowNamesAnotherProcessIsNotSignalled() throws Exception {
        FakeProcess recorded = fake.generation(1, 4711, Role.SERVING, 0, true);
        kernel.exit(recorded);
        kernel.advance(Duration.ofSeconds(2));
        // the PID is reused by a later process of the same binary (other start time)
        FakeProcess reuser = kernel.process(4711, fake.binary()).commandLine(recorded.commandLine())
                .holdsSocket(3, FakeInstance.LISTENER);

        assertEquals(ExitCode.SUCCESS, stop.stopLocked(fake.instance(), fake.settings()));

        assertEquals(List.<SentSignal>of(), kernel.signals());
        assertTrue(reuser.received().isEmpty());
        assertTrue(fake.records().isEmpty(), "the stale record is forgotten");
        assertTrue(console.toString().contains("lighttpd is not running"), console.toString());
    }

    @Test
    void aProcessRunningAnotherBinaryIsNotSignalled() throws Exception {
        FakeProcess recorded = fake.generation(1, 4711, Role.SERVING, 0, true);
        recorded.executable(Path.of("/usr/bin/python3"));

        assertEquals(ExitCode.SUCCESS, stop.stopLocked(fake.instance(), fake.settings()));

        assertTrue(kernel.signals().isEmpty(), kernel.signals().toString());
    }
}
