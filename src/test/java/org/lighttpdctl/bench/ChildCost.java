package org.lighttpdctl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import org.lighttpdctl.os.NativeSyscalls;
import org.lighttpdctl.os.Signal;
import org.lighttpdctl.os.SyscallException;

/**
 * Runs one command as a direct child of this JVM and measures what the kernel charged it: wall time, user+system
 * CPU time and peak RSS, from the {@code struct rusage} that wait4(2) returns when it reaps the child.
 *
 * <p>Why wait4: its rusage covers exactly that child plus every descendant the child itself waited for (a shell
 * launcher's helpers, {@code lighttpd -tt}/{@code -p} run by the tool, the daemon parent of a new lighttpd
 * generation), in microseconds, from the kernel's own accounting. The alternatives are worse: the JDK's Process
 * reaps its children itself and drops the rusage; getrusage(RUSAGE_CHILDREN) deltas mix in every other child this
 * JVM reaps meanwhile (servers, load), and its ru_maxrss is a maximum over all children ever; /proc/PID/stat of an
 * exited child must be read while it is a zombie, racing whoever reaps it; GNU time prints CPU to 10 ms. The
 * child is spawned with posix_spawn (lighttpdctl's own {@link NativeSyscalls#spawn}), so no JDK reaper knows it.
 * The long-running grandchildren (a daemonised lighttpd) are not charged: that is the server's work, not the
 * command's.
 *
 * <p>Peak RSS is the exception: posix_spawn starts the child in this JVM's address space (vfork), and the kernel
 * carries that address space's high-water mark into the child's ru_maxrss at exec, so every child would show
 * this JVM's RSS. The command therefore runs under GNU time ({@code /usr/bin/time -f %M}), which fork()s it from
 * its own small address space and reports the command's ru_maxrss from its own wait4; time's own CPU (an exec
 * and a fork, well under a millisecond) is included in the CPU figure.
 */
final class ChildCost {
    private static final int WNOHANG = 1;
    /** sizeof(struct rusage) on 64-bit Linux; ru_utime at 0, ru_stime at 16 (struct timeval), ru_maxrss at 32. */
    private static final int RUSAGE_SIZE = 144;
    private static final String GNU_TIME = "/usr/bin/time";

    /** wait4(2), which waitpid lacks: the reaped child's resource usage. */
    public interface Wait4 {
        @SaveError
        int wait4(int pid, @Out int[] status, int options, Pointer rusage);
    }

    private static final Wait4 LIBC = LibraryLoader.create(Wait4.class).load("c");
    private static final NativeSyscalls SYSCALLS = new NativeSyscalls();

    /**
     * @param exitCode the exit code (128 + signal if killed), -1 if it was killed at the timeout
     * @param wallNanos from just before posix_spawn to the reap (polled every 0.2 ms)
     * @param cpuNanos user + system time of the child and the descendants it reaped
     * @param maxRssKib peak resident set of the largest of them (GNU time's %M)
     * @param output its stdout and stderr
     */
    record Cost(int exitCode, long wallNanos, long cpuNanos, long maxRssKib, String output) {
    }

    private ChildCost() {
    }

    /** Runs {@code argv} (argv[0] an absolute path) with this JVM's environment plus {@code extraEnv}. */
    static Cost run(List<String> argv, Map<String, String> extraEnv, Duration timeout) {
        Path output = null;
        Path rss = null;
        try {
            output = Files.createTempFile("bench-child-", ".out");
            rss = Files.createTempFile("bench-child-", ".rss");
            List<String> timed = new java.util.ArrayList<>(List.of(GNU_TIME, "-f", "%M", "-o", rss.toString()));
            timed.addAll(argv);
            Map<String, String> env = new java.util.TreeMap<>(System.getenv());
            env.putAll(extraEnv);
            Pointer usage = Memory.allocateDirect(jnr.ffi.Runtime.getSystemRuntime(), RUSAGE_SIZE, true);
            int[] status = new int[1];
            long start = System.nanoTime();
            int pid = SYSCALLS.spawn(timed, env, List.of(), output);
            long deadline = start + timeout.toNanos();
            boolean killed = false;
            while (true) {
                int reaped = LIBC.wait4(pid, status, WNOHANG, usage);
                if (reaped == pid) {
                    break;
                }
                if (reaped < 0) {
                    throw new IllegalStateException("cannot wait for PID " + pid + " (" + argv.get(0) + ")");
                }
                if (!killed && System.nanoTime() > deadline) {
                    // Not reaped yet, so the PID is still this child's: it cannot name another process.
                    SYSCALLS.kill(pid, Signal.KILL);
                    killed = true;
                }
                LockSupport.parkNanos(200_000);
            }
            long wall = System.nanoTime() - start;
            long cpuMicros = timevalMicros(usage, 0) + timevalMicros(usage, 16);
            int exit = killed ? -1 : decode(status[0]);
            return new Cost(exit, wall, cpuMicros * 1000, maxRss(rss), Files.readString(output).trim());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + argv + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(output);
            deleteQuietly(rss);
        }
    }

    /** GNU time's %M (KiB); it writes "Command exited with non-zero status N" before it for a failure. */
    private static long maxRss(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return lines.isEmpty() ? -1 : Long.parseLong(lines.get(lines.size() - 1).trim());
    }

    private static long timevalMicros(Pointer usage, long offset) {
        return usage.getLong(offset) * 1_000_000 + usage.getLong(offset + 8);
    }

    private static int decode(int status) {
        int signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a temp file
        }
    }
}
