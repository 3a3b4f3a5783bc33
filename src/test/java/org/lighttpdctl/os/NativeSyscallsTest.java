package org.lighttpdctl.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native calls, against the real kernel. */
class NativeSyscallsTest {
    private final NativeSyscalls syscalls = new NativeSyscalls();
    @TempDir
    Path dir;

    @Test
    void flockExcludesASecondOpenFileDescriptionEvenInOneProcess() throws Exception {
        Path lock = dir.resolve("lock");
        try (FlockFile held = FlockFile.acquire(syscalls, lock, Duration.ofSeconds(1), "PID 1 (test)")) {
            FlockFile.BusyException busy = assertThrows(FlockFile.BusyException.class,
                    () -> FlockFile.acquire(syscalls, lock, Duration.ofMillis(100), "second"));
            assertEquals("cannot lock " + lock + ": held by PID 1 (test) since " + busy.getMessage()
                    .replaceAll(".* since ([0-9:]+ UTC) .*", "$1") + " for more than 0 s (--lock-timeout)", busy.getMessage());
            assertTrue(busy.getMessage().matches(".* since [0-2][0-9]:[0-5][0-9]:[0-5][0-9] UTC for .*"), busy.getMessage());
            // flock(1) sees it too: this is the lock the shell tools and other callers share.
            Process shell = new ProcessBuilder("flock", "--nonblock", lock.toString(), "true").start();
            assertEquals(1, shell.waitFor());
        }
        try (FlockFile again = FlockFile.acquire(syscalls, lock, Duration.ofMillis(100), "third")) {
            assertTrue(Files.readString(lock).startsWith("third"));
        }
    }

    @Test
    void aSpawnedChildSeesOnlyItsStandardDescriptorsAndTheSocketsPassedToIt() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            int self = syscalls.pid();
            long inode = new ListeningSockets(Syscalls.system()).all().stream()
                    .filter(s -> s.address().equals(listener.getLocalSocketAddress())).findFirst().orElseThrow().inode();
            int fd = new Procfs().socketDescriptors(self).get(inode);
            Map<String, String> env = new TreeMap<>(Map.of("PATH", "/usr/bin:/bin"));
            int child = syscalls.spawn(List.of("/bin/sleep", "30"), env, List.of(fd), dir.resolve("out"));
            try {
                waitForExec(child);
                List<String> fds;
                try (var entries = Files.list(Path.of("/proc", Integer.toString(child), "fd"))) {
                    fds = entries.map(p -> p.getFileName().toString()).sorted().toList();
                }
                assertEquals(List.of("0", "1", "2", "3"), fds, "the JVM's own descriptors must not leak");
                assertEquals(Map.of(inode, 3), new Procfs().socketDescriptors(child));
            } finally {
                syscalls.kill(child, Signal.KILL);
                assertEquals(128 + 9, syscalls.waitExit(child, 5_000));
            }
        }
    }

    @Test
    void pidfdTakesADescriptorOutOfAnotherProcessAndSignalsOnlyIt() throws Exception {
        int child = syscalls.spawn(List.of("/bin/sleep", "30"), Map.of(), List.of(), dir.resolve("out"));
        waitForExec(child);
        try (Pidfd pidfd = Pidfd.open(syscalls, child)) {
            int copy = pidfd.takeDescriptor(1); // the child's stdout: our "out" file
            assertEquals(dir.resolve("out").toString(),
                    Files.readSymbolicLink(Path.of("/proc/self/fd/" + copy)).toString());
            syscalls.close(copy);
            pidfd.signal(Signal.TERM);
        }
        assertEquals(128 + 15, syscalls.waitExit(child, 5_000));
        SyscallException gone = assertThrows(SyscallException.class, () -> Pidfd.open(syscalls, child));
        assertEquals(SyscallException.Errno.ESRCH, gone.errno());
        assertTrue(gone.getMessage().startsWith("cannot open a pidfd for PID " + child + ": "), gone.getMessage());
    }

    @Test
    void aFailureNamesTheCallItsObjectAndTheKernelsReason() {
        Path missing = dir.resolve("missing").resolve("lock");
        SyscallException open = assertThrows(SyscallException.class, () -> syscalls.openLockFile(missing));
        assertEquals(2, open.errno());
        assertEquals("cannot open lock file " + missing + ": No such file or directory", open.getMessage());
        SyscallException close = assertThrows(SyscallException.class, () -> syscalls.close(-1));
        assertEquals(9, close.errno());
        assertEquals("cannot close descriptor -1: Bad file descriptor", close.getMessage());
    }

    @Test
    void pidIsThisProcessAndEuidIsTheKernelsView() throws Exception {
        assertEquals(ProcessHandle.current().pid(), syscalls.pid());
        String uids = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
        assertEquals(uids.split("\\s+")[2], Integer.toString(syscalls.euid()));
    }

    @Test
    void pidsThatNameEveryProcessAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> syscalls.kill(1, Signal.TERM));
        assertThrows(IllegalArgumentException.class, () -> syscalls.kill(0, Signal.TERM));
        assertThrows(IllegalArgumentException.class, () -> syscalls.kill(-1, Signal.TERM));
    }

    @Test
    void waitExitGivesTheExitCodeOrMinusOneAtTheDeadlineLeavingTheChildUnreaped() throws Exception {
        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin");
        int quick = syscalls.spawn(List.of("/bin/sh", "-c", "exit 3"), env, List.of(), dir.resolve("quick"));
        assertEquals(3, syscalls.waitExit(quick, 10_000));
        int slow = syscalls.spawn(List.of("/bin/sleep", "30"), env, List.of(), dir.resolve("slow"));
        try {
            assertEquals(-1, syscalls.waitExit(slow, 200), "still running at the deadline");
            assertTrue(Files.exists(Path.of("/proc", Integer.toString(slow))), "not reaped");
        } finally {
            syscalls.kill(slow, Signal.KILL);
            assertEquals(128 + 9, syscalls.waitExit(slow, 5_000));
        }
    }

    /**
     * Several sockets arrive on 3, 4, 5 in the order given, whatever their numbers here: the spare copies the
     * child's dup2 actions read are numbered above every target, so no action clobbers one a later action reads.
     */
    @Test
    void severalSocketsArriveInTheOrderGivenOnThreeAndUp() throws Exception {
        try (ServerSocket a = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             ServerSocket b = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             ServerSocket c = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            List<ListeningSocket> all = new ListeningSockets(Syscalls.system()).all();
            Map<Long, Integer> mine = new Procfs().socketDescriptors(syscalls.pid());
            long[] inodes = new long[3];
            int[] fds = new int[3];
            ServerSocket[] order = {c, a, b};
            for (int i = 0; i < 3; i++) {
                ServerSocket socket = order[i];
                inodes[i] = all.stream().filter(s -> s.address().equals(socket.getLocalSocketAddress()))
                        .findFirst().orElseThrow().inode();
                fds[i] = mine.get(inodes[i]);
            }
            int child = syscalls.spawn(List.of("/bin/sleep", "30"), Map.of("PATH", "/usr/bin:/bin"),
                    List.of(fds[0], fds[1], fds[2]), dir.resolve("out"));
            try {
                waitForExec(child);
                assertEquals(Map.of(inodes[0], 3, inodes[1], 4, inodes[2], 5),
                        new Procfs().socketDescriptors(child), "descriptors " + fds[0] + ", " + fds[1] + ", "
                                + fds[2] + " onto 3, 4, 5");
                try (var entries = Files.list(Path.of("/proc", Integer.toString(child), "fd"))) {
                    assertEquals(List.of("0", "1", "2", "3", "4", "5"),
                            entries.map(p -> p.getFileName().toString()).sorted().toList(), "no spare copy leaks");
                }
            } finally {
                syscalls.kill(child, Signal.KILL);
                assertEquals(128 + 9, syscalls.waitExit(child, 5_000));
            }
        }
    }

    /**
     * Waits until the child is sleep(1) blocked in its nanosleep: /proc/PID/exe names sleep right at execve, while
     * the dynamic loader still holds a shared library open (briefly fd 4), so the descriptor list is only
     * meaningful once sleep has started to sleep.
     */
    private static void waitForExec(int pid) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            String exe;
            String wchan;
            try {
                exe = Files.readSymbolicLink(Path.of("/proc", Integer.toString(pid), "exe")).toString();
                wchan = Files.readString(Path.of("/proc", Integer.toString(pid), "wchan"));
            } catch (java.io.IOException e) {
                exe = "";
                wchan = "";
            }
            if (exe.endsWith("sleep") && wchan.contains("nanosleep")) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("PID " + pid + " never slept in sleep(1)");
    }
}
