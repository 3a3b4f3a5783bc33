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

    private static final int AF_UNIX = 1, SOCK_DGRAM = 2, SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1, SCM_RIGHTS = 1;

    /** libc calls jnr-posix does not offer: the raw syscall(2) entry point, socket(2) and connect(2). */
    public interface RawLibC {
        @SaveError
        long syscall(long number, long a1, long a2, long a3, long a4);

        @SaveError
        int socket(int domain, int type, int protocol);

        @SaveError
        int connect(int fd, @jnr.ffi.annotations.In byte[] address, int length);

        int posix_spawn_file_actions_init(jnr.ffi.Pointer actions);

        int posix_spawn_file_actions_destroy(jnr.ffi.Pointer actions);

        int posix_spawn_file_actions_addopen(jnr.ffi.Pointer actions, int fd, String path, int flags, int mode);

        int posix_spawn_file_actions_adddup2(jnr.ffi.Pointer actions, int fd, int newFd);

        int posix_spawn_file_actions_addclosefrom_np(jnr.ffi.Pointer actions, int from);

        int posix_spawn(@jnr.ffi.annotations.Out jnr.ffi.byref.IntByReference pid, String path,
                        jnr.ffi.Pointer actions, jnr.ffi.Pointer attributes, @jnr.ffi.annotations.In String[] argv,
                        @jnr.ffi.annotations.In String[] envp);
    }

    /** sizeof(posix_spawn_file_actions_t) is 80 on 64-bit glibc; room to spare. */
    private static final int FILE_ACTIONS_SIZE = 256;

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

    /**
     * posix_spawn(3) through glibc directly (jnr-posix's posix_spawnp cannot add the action this needs): the
     * sockets are duplicated onto 3.. and then posix_spawn_file_actions_addclosefrom_np (glibc 2.34+) closes every
     * other descriptor in the child. Marking the JVM's descriptors close-on-exec first would leave a window in
     * which another thread opens one that leaks; closefrom in the child leaves none.
     */
    @Override
    public int spawn(List<String> argv, Map<String, String> environment, List<Integer> inherited, Path output)
            throws SyscallException {
        List<Integer> spares = new ArrayList<>();
        jnr.ffi.Pointer actions = jnr.ffi.Memory.allocateDirect(rawRuntime, FILE_ACTIONS_SIZE);
        check("prepare the spawn of " + argv.get(0), raw.posix_spawn_file_actions_init(actions));
        try {
            check("redirect stdin", raw.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", 0, 0));
            check("redirect stdout to " + output, raw.posix_spawn_file_actions_addopen(actions, 1,
                    output.toString(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600));
            check("redirect stderr", raw.posix_spawn_file_actions_adddup2(actions, 1, 2));
            for (int i = 0; i < inherited.size(); i++) {
                int spare = posix.libc().fcntl(inherited.get(i), F_DUPFD_CLOEXEC, SPARE_FD_FLOOR);
                if (spare < 0) {
                    throw failure("duplicate descriptor " + inherited.get(i), posix.errno());
                }
                spares.add(spare);
                // dup2 onto a different number clears close-on-exec on the copy: exactly 3.. survive exec.
                check("pass descriptor " + inherited.get(i), raw.posix_spawn_file_actions_adddup2(actions, spare, 3 + i));
            }
            check("close the other descriptors", raw.posix_spawn_file_actions_addclosefrom_np(actions,
                    3 + inherited.size()));
            String[] env = environment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new);
            jnr.ffi.byref.IntByReference pid = new jnr.ffi.byref.IntByReference();
            check("spawn " + argv.get(0), raw.posix_spawn(pid, argv.get(0), actions, null,
                    nullTerminated(argv.toArray(String[]::new)), nullTerminated(env)));
            return pid.intValue();
        } finally {
            raw.posix_spawn_file_actions_destroy(actions);
            for (int spare : spares) {
                posix.close(spare);
            }
        }
    }

    /** posix_spawn and its helpers return the error number instead of setting errno. */
    private void check(String verbAndObject, int error) throws SyscallException {
        if (error != 0) {
            throw failure(verbAndObject, error);
        }
    }

    private static String[] nullTerminated(String[] values) {
        return java.util.Arrays.copyOf(values, values.length + 1);
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
    public void notifyWithDescriptors(String socketPath, String message, List<Integer> fds) throws SyscallException {
        int fd = raw.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw failure("create a socket for " + socketPath, LastError.getLastError(rawRuntime));
        }
        try {
            byte[] address = unixAddress(socketPath);
            if (raw.connect(fd, address, address.length) != 0) {
                throw failure("connect to " + socketPath, LastError.getLastError(rawRuntime));
            }
            jnr.posix.MsgHdr msg = posix.allocateMsgHdr();
            // jnr-posix hands the buffers' addresses to the kernel: they must be direct (a heap buffer is EFAULT).
            byte[] text = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            msg.setIov(new java.nio.ByteBuffer[] {java.nio.ByteBuffer.allocateDirect(text.length).put(text).flip()});
            if (!fds.isEmpty()) {
                jnr.posix.CmsgHdr rights = msg.allocateControl(4 * fds.size());
                rights.setLevel(SOL_SOCKET);
                rights.setType(SCM_RIGHTS);
                java.nio.ByteBuffer data = java.nio.ByteBuffer.allocateDirect(4 * fds.size())
                        .order(java.nio.ByteOrder.nativeOrder());
                fds.forEach(data::putInt);
                data.flip();
                rights.setData(data);
            }
            if (posix.sendmsg(fd, msg, 0) < 0) {
                throw failure("send to " + socketPath, posix.errno());
            }
        } finally {
            posix.close(fd);
        }
    }

    /** struct sockaddr_un: the family, then the path (NUL-terminated), or for '@name' a NUL and the name. */
    private static byte[] unixAddress(String path) {
        byte[] name = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        boolean isAbstract = path.startsWith("@");
        byte[] address = new byte[2 + name.length + (isAbstract ? 0 : 1)];
        address[java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? 0 : 1] = (byte) AF_UNIX;
        System.arraycopy(name, 0, address, 2, name.length);
        if (isAbstract) {
            address[2] = 0;
        }
        return address;
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
}
