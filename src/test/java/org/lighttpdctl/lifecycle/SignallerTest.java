package org.lighttpdctl.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.os.Signal;
import org.lighttpdctl.os.SyscallException.Errno;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Generation.Role;
import org.lighttpdctl.testing.fake.FakeKernel;
import org.lighttpdctl.testing.fake.FakeProcess;
import org.lighttpdctl.testing.fake.Op;

/** A signal reaches a generation only through a pidfd and only while the process proves to be that generation. */
@Tag("unit")
class SignallerTest {
    private static final Path LIGHTTPD = Path.of("/usr/sbin/lighttpd");

    @TempDir
    Path tmp;
    private FakeKernel kernel;
    private Signaller signaller;

    @BeforeEach
    void setUp() {
        kernel = new FakeKernel(tmp);
        signaller = new Signaller(kernel.context(new ByteArrayOutputStream()));
    }

    private static Generation recordOf(FakeProcess p, long startTicks) {
        return new Generation(1, p.pid(), startTicks, LIGHTTPD, Role.SERVING, 0, false);
    }

    @Test
    void theProvenProcessIsSignalledThroughItsPidfd() throws Exception {
        FakeProcess p = kernel.process(4711, LIGHTTPD);

        assertTrue(signaller.signal(recordOf(p, p.startTicks()), Signal.INT));

        assertEquals(List.of("INT>4711"), kernel.signalLog());
        assertTrue(kernel.signals().get(0).throughPidfd());
    }

    @Test
    void anotherStartTimeOrBinaryIsNotSignalled() throws Exception {
        FakeProcess p = kernel.process(4711, LIGHTTPD);

        assertFalse(signaller.signal(recordOf(p, p.startTicks() - 1), Signal.TERM), "PID reused");
        assertFalse(signaller.signal(new Generation(1, 4711, p.startTicks(), Path.of("/usr/bin/perl"), Role.SERVING,
                0, false), Signal.TERM), "another program");

        assertTrue(kernel.signals().isEmpty(), kernel.signals().toString());
        assertTrue(p.received().isEmpty());
    }

    @Test
    void aProcessGoneBeforeThePidfdIsOpenedIsNotAnError() throws Exception {
        FakeProcess p = kernel.process(4711, LIGHTTPD);
        Generation record = recordOf(p, p.startTicks());
        kernel.exit(p);

        assertFalse(signaller.signal(record, Signal.INT));
        assertTrue(kernel.signals().isEmpty());
    }

    @Test
    void aRefusedSignalIsExitCode4NamingTheCall() {
        FakeProcess p = kernel.process(4711, LIGHTTPD);
        kernel.failNext(Op.PIDFD_SIGNAL, Errno.EPERM);

        LighttpdctlException e = assertThrows(LighttpdctlException.class,
                () -> signaller.signal(recordOf(p, p.startTicks()), Signal.INT));

        assertEquals(ExitCode.INSUFFICIENT_PRIVILEGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot send SIGINT through pidfd"), e.getMessage());
        assertTrue(e.getMessage().endsWith(": Operation not permitted"), e.getMessage());
    }

    @Test
    void pidOneAndZeroAreNeverSignalled() throws Exception {
        assertFalse(signaller.signal(new Generation(1, 1, 0, LIGHTTPD, Role.SERVING, 0, false), Signal.KILL));
        assertFalse(signaller.signal(new Generation(1, 0, 0, LIGHTTPD, Role.STARTING, 0, false), Signal.KILL));
        assertTrue(kernel.signals().isEmpty());
    }
}
