package org.lighttpdctl.os;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The seam between lighttpdctl and the kernel: every native call the tool makes goes through this interface, so
 * unit tests can put a fake behind it. The real implementation is {@link NativeSyscalls}; it loads native code,
 * so actions that only read (status) never ask for it.
 *
 * <p>Every method either succeeds or throws {@link SyscallException} naming the call and the kernel's reason.
 */
public interface Syscalls {

    /** kill(2). */
    void kill(int pid, Signal signal) throws SyscallException;

    /** open(2) of a lock file (O_RDWR|O_CREAT|O_CLOEXEC|O_NOFOLLOW, mode 0644); returns the descriptor. */
    int openLockFile(Path path) throws SyscallException;

    /** flock(2) LOCK_EX|LOCK_NB: true when taken, false when another open file description holds it. */
    boolean tryLockExclusive(int fd, Path pathForMessages) throws SyscallException;

    /** close(2). */
    void close(int fd) throws SyscallException;

    /** pidfd_open(2) (Linux 5.3+): a descriptor that names this process and no later holder of its PID. */
    int pidfdOpen(int pid) throws SyscallException;

    /** pidfd_getfd(2) (Linux 5.6+): a duplicate, in this process, of the target's descriptor (close-on-exec). */
    int pidfdGetfd(int pidfd, int targetFd) throws SyscallException;

    /** pidfd_send_signal(2): signals exactly the process the pidfd names. */
    void pidfdSendSignal(int pidfd, Signal signal) throws SyscallException;

    /**
     * posix_spawn(3) of {@code argv[0]} with exactly this environment; {@code inherited} maps a descriptor of this
     * process to the number the child sees (3, 4, ...); the child's stdout and stderr go to {@code output}. The
     * child holds nothing else: the JVM's own descriptors (jars, pipes, the lock) are not close-on-exec.
     * Returns the child's PID. The child is a child of this JVM: reap it with {@link #waitExit}.
     */
    int spawn(List<String> argv, Map<String, String> environment, List<Integer> inherited, Path output)
            throws SyscallException;

    /**
     * waitpid(2) on a child, polling without blocking for at most {@code timeoutMillis}. Returns its exit code
     * (128+signal if killed), or -1 if it is still running at the deadline.
     */
    int waitExit(int pid, long timeoutMillis) throws SyscallException;

    /**
     * sd_notify(3) with descriptors: sends {@code message} as one datagram to the service manager's AF_UNIX socket
     * ({@code socketPath}; a leading '@' names an abstract socket), with {@code fds} attached (SCM_RIGHTS).
     */
    void notifyWithDescriptors(String socketPath, String message, List<Integer> fds) throws SyscallException;

    /** getpid(2). */
    int pid();

    /** geteuid(2). */
    int euid();
}
