package org.lighttpdctl.testing.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lighttpdctl.os.AtomicFile;
import org.lighttpdctl.os.DirectoryFd;
import org.lighttpdctl.os.FlockFile;
import org.lighttpdctl.os.ListeningSocket;
import org.lighttpdctl.os.ListeningSockets;
import org.lighttpdctl.os.Pidfd;
import org.lighttpdctl.os.Procfs;
import org.lighttpdctl.os.Signal;
import org.lighttpdctl.os.SyscallException;

/** The fake behaves as the kernel does where the decisions depend on it. */
@Tag("unit")
class FakeKernelTest {
    private static final Path LIGHTTPD = Path.of("/usr/sbin/lighttpd");

    @TempDir
    Path tmp;

    @Test
    void procfsReadsTheFakeTree() {
        FakeKernel kernel = new FakeKernel(tmp);
        kernel.process(4711, LIGHTTPD).holdsSocket(3, 777).holdsSocket(4, 778);
        kernel.process(4712, Path.of("/usr/bin/php-cgi")).parent(4711);
        Procfs procfs = kernel.procfs();
        assertEquals(4711, procfs.stat(4712).orElseThrow().ppid());
        assertEquals(LIGHTTPD, procfs.executable(4711).orElseThrow());
        assertEquals(Map.of(777L, 3, 778L, 4), procfs.socketDescriptors(4711));
        assertTrue(procfs.pids().containsAll(List.of(4711, 4712)));
        assertEquals(0, procfs.effectiveUid());
        assertTrue(procfs.isRunning(4711, kernel.processAt(4711).startTicks()));
    }

    @Test
    void killEndsAProcessAndPidfdNamesOnlyTheProcessItWasOpenedFor() throws Exception {
        FakeKernel kernel = new FakeKernel(tmp);
        FakeProcess first = kernel.process(4711, LIGHTTPD);
        Pidfd pidfd = Pidfd.open(kernel, 4711);
        kernel.kill(4711, Signal.KILL);
        assertFalse(kernel.procfs().stat(4711).isPresent(), "a non-child is reaped by init: gone from /proc");
        kernel.advance(Duration.ofSeconds(1));
        FakeProcess reuser = kernel.process(4711, LIGHTTPD);
        SyscallException e = assertThrows(SyscallException.class, () -> pidfd.signal(Signal.TERM));
        assertEquals(SyscallException.Errno.ESRCH, e.errno());
        assertTrue(reuser.received().isEmpty());
        assertEquals(List.of(Signal.KILL), first.received());
        assertEquals(List.of("KILL>4711", "TERM>4711"), kernel.signalLog());
    }

    @Test
    void drainEndsOnTheFakeClockAndClosesTheListenersAtOnce() throws Exception {
        FakeKernel kernel = new FakeKernel(tmp);
        kernel.listen(new ListeningSocket(777, new InetSocketAddress("127.0.0.1", 8080)));
        kernel.process(4711, LIGHTTPD).holdsSocket(3, 777).drainsFor(Duration.ofSeconds(30));
        kernel.kill(4711, Signal.INT);
        assertTrue(new ListeningSockets(kernel).all().isEmpty());
        assertTrue(kernel.procfs().stat(4711).orElseThrow().isAlive());
        kernel.sleepMillis(29_999);
        assertTrue(kernel.procfs().stat(4711).isPresent());
        kernel.sleepMillis(1);
        assertFalse(kernel.procfs().stat(4711).isPresent());
        assertEquals(30_000, kernel.elapsedMillis());
    }

    @Test
    void spawnedChildIsAZombieUntilReaped() throws Exception {
        FakeKernel kernel = new FakeKernel(tmp);
        kernel.onSpawn(child -> child.exitsIn(Duration.ofMillis(500), 255));
        int pid = kernel.spawn(List.of("/usr/sbin/lighttpd", "-D"), Map.of(), List.of(), tmp.resolve("out"));
        assertEquals(-1, kernel.waitExit(pid, 100));
        assertEquals(255, kernel.waitExit(pid, 1000));
        assertFalse(kernel.procfs().stat(pid).isPresent());
    }

    @Test
    void filesLocksAndFaults() throws Exception {
        FakeKernel kernel = new FakeKernel(tmp);
        Path state = Files.createDirectories(tmp.resolve("state"));
        try (DirectoryFd dir = DirectoryFd.openTrusted(kernel, state, kernel.procfs().effectiveUid(), false)) {
            dir.replace("pid", "4711\n", 0644);
            assertEquals(List.of("pid"), dir.names());
        }
        assertEquals("4711\n", Files.readString(state.resolve("pid")));
        kernel.failNext(Op.RENAME, 28);
        SyscallException full = assertThrows(SyscallException.class,
                () -> AtomicFile.write(kernel, state.resolve("pid"), "4712\n", 0644));
        assertTrue(full.getMessage().startsWith("cannot rename " + state), full.getMessage());
        assertEquals("4711\n", Files.readString(state.resolve("pid")), "the old content stays");
        try (DirectoryFd dir = DirectoryFd.open(kernel, state)) {
            assertEquals(List.of("pid"), dir.names(), "the temporary file was removed");
        }
        kernel.files().holdLock(state.resolve("lock"));
        assertThrows(FlockFile.BusyException.class,
                () -> FlockFile.acquire(kernel, state.resolve("lock"), Duration.ofSeconds(5), "test"));
        assertEquals(5_000, kernel.elapsedMillis(), 100);
        assertTrue(kernel.files().openDescriptors().isEmpty(), kernel.files().openDescriptors().toString());
    }
}
