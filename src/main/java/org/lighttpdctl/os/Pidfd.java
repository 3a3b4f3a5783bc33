package org.lighttpdctl.os;

/**
 * A pidfd: a descriptor naming one process. Signals sent through it can never reach a later process that was given
 * the same PID, which closes the race between checking a process's identity and signalling it.
 */
public final class Pidfd implements AutoCloseable {
    private final Syscalls syscalls;
    private final int pid;
    private final int fd;

    private Pidfd(Syscalls syscalls, int pid, int fd) {
        this.syscalls = syscalls;
        this.pid = pid;
        this.fd = fd;
    }

    public static Pidfd open(Syscalls syscalls, int pid) throws SyscallException {
        return new Pidfd(syscalls, pid, syscalls.pidfdOpen(pid));
    }

    public int pid() {
        return pid;
    }

    /** A duplicate, in this process, of the process's descriptor {@code targetFd} (needs ptrace rights over it). */
    public int takeDescriptor(int targetFd) throws SyscallException {
        return syscalls.pidfdGetfd(fd, targetFd);
    }

    public void signal(Signal signal) throws SyscallException {
        syscalls.pidfdSendSignal(fd, signal);
    }

    @Override
    public void close() throws SyscallException {
        syscalls.close(fd);
    }
}
