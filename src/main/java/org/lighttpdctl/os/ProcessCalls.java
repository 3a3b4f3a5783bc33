package org.lighttpdctl.os;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The process part of {@link Syscalls}: signals, pidfds, spawning and reaping children, priority, identity. */
public interface ProcessCalls {

    /** kill(2). */
    void kill(int pid, Signal signal) throws SyscallException;

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
     * posix_spawn(3) of a helper program ({@code argv[0]} an absolute path) with exactly this environment: stdin
     * from /dev/null, stdout and stderr both into the descriptor {@code output} (a pipe's write end), no other
     * descriptor. Returns the child's PID; reap it with {@link #waitExit}.
     */
    int spawnHelper(List<String> argv, Map<String, String> environment, int output) throws SyscallException;

    /**
     * Waits at most {@code timeoutMillis} for a child to exit and reaps it (waitpid(2)). Returns its exit code
     * (128+signal if killed), or -1 if it is still running at the deadline (it is then not reaped).
     */
    int waitExit(int pid, long timeoutMillis) throws SyscallException;

    /** setpriority(2) of this process (PRIO_PROCESS, 0): the nice value a child spawned next inherits. */
    void setPriority(int nice) throws SyscallException;

    /** getpid(2). */
    int pid();

    /** geteuid(2). */
    int euid();
}
