package org.lighttpdctl.os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.SaveError;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.posix.SpawnFileAction;

/**
 * {@link Syscalls} on Linux through jnr-posix (libc calls) and jnr-ffi (the raw pidfd system calls, which libc 2.36
 * wraps only partly). Loading it costs native-library start-up, so it is created only by actions that mutate.
 */
public final class NativeSyscalls implements Syscalls {
    // x86_64 and aarch64 share these numbers (the pidfd calls were added after the syscall tables were unified).
    private static final long SYS_PIDFD_SEND_SIGNAL = 424;
    private static final long SYS_PIDFD_OPEN = 434;
    private static final long SYS_PIDFD_GETFD = 438;

    private static final int O_RDWR = 02, O_WRONLY = 01, O_CREAT = 0100, O_TRUNC = 01000;
    private static final int O_NOFOLLOW = 0400000, O_CLOEXEC = 02000000;
    private static final int F_SETFD = 2, FD_CLOEXEC = 1, F_DUPFD_CLOEXEC = 1030;
    private static final int LOCK_EX = 2, LOCK_NB = 4;
    private static final int WNOHANG = 1;
    /** Inherited sockets are first duplicated above this number so the child's dup2 to 3.. cannot clobber one. */
    private static final int SPARE_FD_FLOOR = 1000;

    /** The raw syscall(2) entry point, with room for four arguments. */
    public interface RawLibC {
        @SaveError
        long syscall(long number, long a1, long a2, long a3, long a4);
    }

    private final POSIX posix;
    private final RawLibC raw;
    private final jnr.ffi.Runtime rawRuntime;

    public NativeSyscalls() {
        this.posix = POSIXFactory.getNativePOSIX();
        this.raw = LibraryLoader.create(RawLibC.class).load("c");
        this.rawRuntime = jnr.ffi.Runtime.getRuntime(raw);
    }

    @Override
    public void kill(int pid, Signal signal) throws SyscallException {
        requireRealPid(pid);
        if (posix.kill(pid, signal.number()) != 0) {
            throw failure("send " + signal.signame() + " to PID " + pid, posix.errno());
        }
    }

    @Override
    public int openLockFile(Path path) throws SyscallException {
        int fd = posix.open(path.toString(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0) {
            throw failure("open lock file " + path, posix.errno());
        }
        return fd;
    }

    @Override
    public boolean tryLockExclusive(int fd, Path pathForMessages) throws SyscallException {
        if (posix.flock(fd, LOCK_EX | LOCK_NB) == 0) {
            return true;
        }
        int errno = posix.errno();
        if (errno == SyscallException.Errno.EWOULDBLOCK || errno == SyscallException.Errno.EINTR) {
            return false;
        }
        throw failure("flock " + pathForMessages, errno);
    }

    @Override
    public void close(int fd) throws SyscallException {
        if (posix.close(fd) != 0) {
            throw failure("close descriptor " + fd, posix.errno());
        }
    }

    @Override
    public int pidfdOpen(int pid) throws SyscallException {
        requireRealPid(pid);
        return (int) rawCall("open a pidfd for PID " + pid, SYS_PIDFD_OPEN, pid, 0, 0, 0);
    }

    @Override
    public int pidfdGetfd(int pidfd, int targetFd) throws SyscallException {
        return (int) rawCall("take descriptor " + targetFd + " through pidfd " + pidfd, SYS_PIDFD_GETFD,
                pidfd, targetFd, 0, 0);
    }

    @Override
    public void pidfdSendSignal(int pidfd, Signal signal) throws SyscallException {
        rawCall("send " + signal.signame() + " through pidfd " + pidfd, SYS_PIDFD_SEND_SIGNAL,
                pidfd, signal.number(), 0, 0);
    }

    @Override
    public void closeOnExecAll() throws SyscallException {
        for (int fd : openDescriptors()) {
            // The directory stream used to list /proc/self/fd is closed by now: EBADF for it is expected.
            if (fd > 2 && posix.libc().fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 && posix.errno() != 9) {
                throw failure("mark descriptor " + fd + " close-on-exec", posix.errno());
            }
        }
    }

    @Override
    public int spawn(List<String> argv, Map<String, String> environment, List<Integer> inherited, Path output)
            throws SyscallException {
        closeOnExecAll();
        List<Integer> spares = new ArrayList<>();
        try {
            List<SpawnFileAction> actions = new ArrayList<>();
            actions.add(SpawnFileAction.open("/dev/null", 0, 0, 0));
            actions.add(SpawnFileAction.open(output.toString(), 1, O_WRONLY | O_CREAT | O_TRUNC, 0600));
            actions.add(SpawnFileAction.dup(1, 2));
            for (int i = 0; i < inherited.size(); i++) {
                int spare = posix.libc().fcntl(inherited.get(i), F_DUPFD_CLOEXEC, SPARE_FD_FLOOR);
                if (spare < 0) {
                    throw failure("duplicate descriptor " + inherited.get(i), posix.errno());
                }
                spares.add(spare);
                // dup2 onto a different number clears close-on-exec on the copy: exactly 3.. survive exec.
                actions.add(SpawnFileAction.dup(spare, 3 + i));
            }
            List<String> env = environment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
            long pid = posix.posix_spawnp(argv.get(0), actions, argv, env);
            if (pid <= 0) {
                // jnr-posix does not keep posix_spawn's error code; name what was attempted.
                throw new SyscallException("spawn " + argv.get(0), 0, "posix_spawn failed");
            }
            return (int) pid;
        } finally {
            for (int spare : spares) {
                posix.close(spare);
            }
        }
    }

    @Override
    public int waitExit(int pid, long timeoutMillis) throws SyscallException {
        requireRealPid(pid);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        int[] status = new int[1];
        long pauseMillis = 1;
        while (true) {
            int reaped = posix.waitpid(pid, status, WNOHANG);
            if (reaped == pid) {
                return decodeWaitStatus(status[0]);
            }
            if (reaped < 0 && posix.errno() != SyscallException.Errno.EINTR) {
                throw failure("wait for PID " + pid, posix.errno());
            }
            if (System.nanoTime() > deadline) {
                return -1;
            }
            Sleep.millis(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 20);
        }
    }

    @Override
    public int pid() {
        return posix.getpid();
    }

    @Override
    public int euid() {
        return posix.geteuid();
    }

    private static int decodeWaitStatus(int status) {
        int termSignal = status & 0x7f;
        return termSignal == 0 ? (status >> 8) & 0xff : 128 + termSignal;
    }

    private long rawCall(String verbAndObject, long number, long a1, long a2, long a3, long a4)
            throws SyscallException {
        long result = raw.syscall(number, a1, a2, a3, a4);
        if (result < 0) {
            throw failure(verbAndObject, LastError.getLastError(rawRuntime));
        }
        return result;
    }

    private SyscallException failure(String verbAndObject, int errno) {
        return new SyscallException(verbAndObject, errno, posix.strerror(errno));
    }

    private static void requireRealPid(int pid) {
        // kill(0) and kill(-1) signal whole process groups or every process: never a target of this tool.
        if (pid <= 1) {
            throw new IllegalArgumentException("refusing to address PID " + pid);
        }
    }

    private static List<Integer> openDescriptors() throws SyscallException {
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
            return entries.map(p -> Integer.parseInt(p.getFileName().toString())).toList();
        } catch (IOException | UncheckedIOException e) {
            throw new SyscallException("list /proc/self/fd", 0, e.getMessage());
        }
    }
}
