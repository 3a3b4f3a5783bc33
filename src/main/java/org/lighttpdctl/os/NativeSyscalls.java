package org.lighttpdctl.os;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * {@link Syscalls} on Linux through small jffi bindings of glibc, one per concern ({@link LibcFiles},
 * {@link LibcAt}, {@link LibcProcesses}, {@link LibcPidfd}, {@link LibcSpawn}, {@link LibcSockets},
 * {@link LibcNetlink}), each bound on its first use
 * (see {@link Libc}): creating this object loads no native code, and an action pays only for the functions it
 * calls. {@link #pid()} needs no native code at all.
 */
public final class NativeSyscalls implements Syscalls {
    // x86_64 and aarch64 share these numbers (the pidfd calls were added after the syscall tables were unified).
    private static final long SYS_PIDFD_SEND_SIGNAL = 424;
    private static final long SYS_PIDFD_OPEN = 434;
    private static final long SYS_PIDFD_GETFD = 438;

    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final int PRIO_PROCESS = 0;
    private static final int WNOHANG = 1;

    private static final int AF_UNIX = 1, SOCK_DGRAM = 2, SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1, SCM_RIGHTS = 1;

    /** sizeof(posix_spawn_file_actions_t) is 80 on 64-bit glibc; room to spare. */
    private static final int FILE_ACTIONS_SIZE = 256;

    /** The one instance {@link Syscalls#system()} hands to the process's wiring (cli); it holds no state. */
    static final NativeSyscalls SYSTEM = new NativeSyscalls();

    public NativeSyscalls() {
    }

    @Override
    public void kill(int pid, Signal signal) throws SyscallException {
        requireRealPid(pid);
        if (Libc.processes().kill(pid, signal.number()) != 0) {
            throw failure("send " + signal.signame() + " to PID " + pid, Libc.errno());
        }
    }

    @Override
    public int openAt(int dirFd, String name, int flags, int mode, String what) throws SyscallException {
        return NativeFiles.openAt(dirFd, name, flags, mode, what);
    }

    @Override
    public void mkdirAt(int dirFd, String name, int mode, String what) throws SyscallException {
        NativeFiles.mkdirAt(dirFd, name, mode, what);
    }

    @Override
    public void renameAt(int fromDirFd, String from, int toDirFd, String to, String what) throws SyscallException {
        NativeFiles.renameAt(fromDirFd, from, toDirFd, to, what);
    }

    @Override
    public void unlinkAt(int dirFd, String name, int flags, String what) throws SyscallException {
        NativeFiles.unlinkAt(dirFd, name, flags, what);
    }

    @Override
    public void writeWhole(int fd, byte[] bytes, String what) throws SyscallException {
        NativeFiles.writeWhole(fd, bytes, what);
    }

    @Override
    public void fsync(int fd, String what) throws SyscallException {
        NativeFiles.fsync(fd, what);
    }

    @Override
    public boolean tryLockExclusive(int fd, Path pathForMessages) throws SyscallException {
        return NativeFiles.tryLockExclusive(fd, pathForMessages);
    }

    @Override
    public void close(int fd) throws SyscallException {
        NativeFiles.close(fd);
    }

    @Override
    public int[] pipe(String what) throws SyscallException {
        return NativeFiles.pipe(what);
    }

    @Override
    public int read(int fd, byte[] into, String what) throws SyscallException {
        return NativeFiles.read(fd, into, what);
    }

    @Override
    public List<ListeningSocket> listeners() throws SyscallException {
        return SockDiag.listeners();
    }

    @Override
    public void setPriority(int nice) throws SyscallException {
        Libc.check(Libc.processes().setpriority(PRIO_PROCESS, 0, nice), "set the CPU priority to " + nice);
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
        return spawn(argv, environment, inherited, output, -1);
    }

    /** The same spawn for a helper program: its output into a descriptor (a pipe), nothing inherited. */
    @Override
    public int spawnHelper(List<String> argv, Map<String, String> environment, int output) throws SyscallException {
        return spawn(argv, environment, List.of(), null, output);
    }

    /** Stdout and stderr go to {@code outputPath} when it is given, else to the descriptor {@code outputFd}. */
    private int spawn(List<String> argv, Map<String, String> environment, List<Integer> inherited, Path outputPath,
                      int outputFd) throws SyscallException {
        List<Integer> spares = new ArrayList<>();
        LibcSpawn spawn = Libc.spawn();
        // posix_spawn_file_actions_t lives in a direct buffer for the length of the calls below.
        ByteBuffer actions = ByteBuffer.allocateDirect(FILE_ACTIONS_SIZE);
        check("prepare the spawn of " + argv.get(0), spawn.posix_spawn_file_actions_init(actions));
        Throwable pending = null;
        try {
            check("redirect stdin", spawn.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", 0, 0));
            if (outputPath != null) {
                check("redirect stdout to " + outputPath, spawn.posix_spawn_file_actions_addopen(actions, 1,
                        outputPath.toString(), OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_TRUNC
                                | OpenFlags.O_NOFOLLOW, 0600));
            } else {
                // dup2 onto another number clears close-on-exec on the copy: the pipe's end itself stays CLOEXEC
                check("redirect stdout to descriptor " + outputFd,
                        spawn.posix_spawn_file_actions_adddup2(actions, outputFd, 1));
            }
            check("redirect stderr", spawn.posix_spawn_file_actions_adddup2(actions, 1, 2));
            for (int i = 0; i < inherited.size(); i++) {
                // Each spare copy is numbered above every target (3 .. 2+n), so that no dup2 in the child clobbers
                // a spare a later action reads. No higher: the lowest free number above the targets lies in the
                // descriptor table the JVM already has, while growing the table of a multi-threaded process waits
                // for an RCU grace period (expand_fdtable, fs/file.c): a floor of 1000 cost 5-30 ms here.
                int spare = Libc.files().fcntl(inherited.get(i), F_DUPFD_CLOEXEC, 3 + inherited.size());
                if (spare < 0) {
                    throw failure("duplicate descriptor " + inherited.get(i), Libc.errno());
                }
                spares.add(spare);
                // dup2 onto a different number clears close-on-exec on the copy: exactly 3.. survive exec.
                check("pass descriptor " + inherited.get(i), spawn.posix_spawn_file_actions_adddup2(actions, spare, 3 + i));
            }
            check("close the other descriptors", spawn.posix_spawn_file_actions_addclosefrom_np(actions,
                    3 + inherited.size()));
            List<String> env = new ArrayList<>(environment.size()); // a loop: the stream spun a JDK lambda
            for (Map.Entry<String, String> e : environment.entrySet()) {
                env.add(e.getKey() + "=" + e.getValue());
            }
            int[] pid = new int[1];
            List<ByteBuffer> strings = new ArrayList<>();
            ByteBuffer argvArray = cStringArray(argv, strings);
            ByteBuffer envArray = cStringArray(env, strings);
            check("spawn " + argv.get(0), spawn.posix_spawn(pid, argv.get(0), actions, argvArray, envArray));
            // The arrays hold the strings' addresses only: they must not be freed before the call returns.
            Reference.reachabilityFence(strings);
            return pid[0];
        } catch (SyscallException | RuntimeException | Error e) {
            pending = e;
            throw e;
        } finally {
            // glibc's destroy frees the actions' memory and always returns 0: nothing to check
            spawn.posix_spawn_file_actions_destroy(actions);
            for (int spare : spares) {
                Libc.closeAfter(spare, "the spare copy " + spare + " of a passed descriptor", pending);
            }
        }
    }

    /** posix_spawn and its helpers return the error number instead of setting errno. */
    private void check(String verbAndObject, int error) throws SyscallException {
        if (error != 0) {
            throw failure(verbAndObject, error);
        }
    }

    /** A NULL-terminated array of C strings, each in a direct buffer added to {@code keep}: argv or envp. */
    private static ByteBuffer cStringArray(List<String> values, List<ByteBuffer> keep) {
        ByteBuffer array = ByteBuffer.allocateDirect(Long.BYTES * (values.size() + 1)).order(ByteOrder.nativeOrder());
        for (String value : values) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            // flipped: the buffer's position, whose address is taken, is its start
            ByteBuffer string = ByteBuffer.allocateDirect(bytes.length + 1).put(bytes).put((byte) 0).flip();
            keep.add(string);
            array.putLong(address(string));
        }
        return array.putLong(0).flip();
    }

    /**
     * Waits on a pidfd of the child, which poll(2) reports readable the moment the child exits, then reaps it:
     * no polling interval lies between the exit and this return (the daemon parent of a new generation exits
     * when lighttpd is ready, and every millisecond here is a millisecond of the restart). Where no pidfd can be
     * had, waitpid is polled with growing pauses (1 ms up to 20 ms).
     */
    @Override
    public int waitExit(int pid, long timeoutMillis) throws SyscallException {
        requireRealPid(pid);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        long pidfd = Libc.pidfd().syscall(SYS_PIDFD_OPEN, pid, 0, 0, 0);
        if (pidfd < 0) {
            return pollExit(pid, deadline);
        }
        Throwable pending = null;
        try {
            return awaitPidfd(pid, (int) pidfd, deadline);
        } catch (SyscallException | RuntimeException | Error e) {
            pending = e;
            throw e;
        } finally {
            Libc.closeAfter((int) pidfd, "the pidfd of PID " + pid, pending);
        }
    }

    private int awaitPidfd(int pid, int pidfd, long deadline) throws SyscallException {
        while (true) {
            OptionalInt exit = reap(pid);
            if (exit.isPresent()) {
                return exit.getAsInt();
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return -1;
            }
            int ready = Libc.processes().pollIn(pidfd, (int) Math.min(left + 1, Integer.MAX_VALUE));
            if (ready < 0 && Libc.errno() != SyscallException.Errno.EINTR) {
                throw failure("wait for PID " + pid + " through its pidfd", Libc.errno());
            }
        }
    }

    private int pollExit(int pid, long deadline) throws SyscallException {
        long pauseMillis = 1;
        while (true) {
            OptionalInt exit = reap(pid);
            if (exit.isPresent()) {
                return exit.getAsInt();
            }
            if (System.nanoTime() > deadline) {
                return -1;
            }
            Sleep.millis(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 20);
        }
    }

    /** waitpid(WNOHANG): the child's exit code once it has exited (it is then reaped), empty while it runs. */
    private static OptionalInt reap(int pid) throws SyscallException {
        int[] status = new int[1];
        int reaped = Libc.processes().waitpid(pid, status, WNOHANG);
        if (reaped == pid) {
            return OptionalInt.of(decodeWaitStatus(status[0]));
        }
        if (reaped < 0 && Libc.errno() != SyscallException.Errno.EINTR) {
            throw failure("wait for PID " + pid, Libc.errno());
        }
        return OptionalInt.empty();
    }

    @Override
    public void notifyWithDescriptors(String socketPath, String message, List<Integer> fds) throws SyscallException {
        LibcSockets sockets = Libc.sockets();
        int fd = (int) Libc.check(sockets.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0),
                "create a socket for " + socketPath);
        Throwable pending = null;
        try {
            byte[] address = unixAddress(socketPath);
            if (sockets.connect(fd, address, address.length) != 0) {
                throw failure("connect to " + socketPath, Libc.errno());
            }
            List<ByteBuffer> buffers = messageHeader(message.getBytes(StandardCharsets.UTF_8), fds);
            long sent = sockets.sendmsg(fd, buffers.get(0), 0);
            // The header holds the other buffers' addresses only: they must not be freed before the call returns.
            Reference.reachabilityFence(buffers);
            if (sent < 0) {
                throw failure("send to " + socketPath, Libc.errno());
            }
        } catch (SyscallException | RuntimeException | Error e) {
            pending = e;
            throw e;
        } finally {
            Libc.closeAfter(fd, "the socket to " + socketPath, pending);
        }
    }

    /**
     * A struct msghdr with one iovec holding {@code text} and, for a non-empty {@code fds}, one SCM_RIGHTS control
     * message carrying them. The layout is that of 64-bit Linux (x86_64, aarch64): msghdr {name 0, namelen 8,
     * iov 16, iovlen 24, control 32, controllen 40, flags 48; 56 bytes}, iovec {base 0, len 8}, cmsghdr {len 0,
     * level 8, type 12, data 16}. Direct buffers (see {@link #cStringArray}). Returns the header first, then the
     * buffers it points to.
     */
    private static List<ByteBuffer> messageHeader(byte[] text, List<Integer> fds) {
        ByteBuffer data = ByteBuffer.allocateDirect(Math.max(1, text.length)).put(0, text);
        ByteBuffer iov = nativeBuffer(16).putLong(0, address(data)).putLong(8, text.length);
        ByteBuffer header = nativeBuffer(56).putLong(16, address(iov)).putLong(24, 1);
        List<ByteBuffer> buffers = new ArrayList<>(List.of(header, data, iov));
        if (!fds.isEmpty()) {
            int length = 16 + 4 * fds.size();
            int space = (length + 7) & ~7;
            ByteBuffer control = nativeBuffer(space).putLong(0, length).putInt(8, SOL_SOCKET).putInt(12, SCM_RIGHTS);
            for (int i = 0; i < fds.size(); i++) {
                control.putInt(16 + 4 * i, fds.get(i));
            }
            buffers.add(control);
            header.putLong(32, address(control)).putLong(40, space);
        }
        return buffers;
    }

    /** A zeroed direct buffer in the machine's byte order, positioned at its start. */
    private static ByteBuffer nativeBuffer(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }

    /** The native address of a direct buffer's start (its position is 0). */
    private static long address(ByteBuffer direct) {
        return NativeMemory.address(direct);
    }

    /** struct sockaddr_un: the family, then the path (NUL-terminated), or for '@name' a NUL and the name. */
    private static byte[] unixAddress(String path) {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
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
        return (int) ProcessHandle.current().pid();
    }

    @Override
    public int euid() {
        return Libc.processes().geteuid();
    }

    private static int decodeWaitStatus(int status) {
        int termSignal = status & 0x7f;
        return termSignal == 0 ? (status >> 8) & 0xff : 128 + termSignal;
    }

    private long rawCall(String verbAndObject, long number, long a1, long a2, long a3, long a4)
            throws SyscallException {
        return Libc.check(Libc.pidfd().syscall(number, a1, a2, a3, a4), verbAndObject);
    }

    private static SyscallException failure(String verbAndObject, int errno) {
        return Libc.failure(verbAndObject, errno);
    }

    private static void requireRealPid(int pid) {
        // kill(0) and kill(-1) signal whole process groups or every process: never a target of this tool.
        if (pid <= 1) {
            throw new IllegalArgumentException("refusing to address PID " + pid);
        }
    }
}
