package org.lighttpdctl.os;

import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/** glibc's process calls lighttpdctl makes: signals, reaping its children, priority, identity. */
public interface LibcProcesses {
    @SaveError
    int kill(int pid, int signal);

    @SaveError
    int waitpid(int pid, @Out int[] status, int options);

    @SaveError
    int setpriority(int which, int who, int priority);

    int geteuid();
}
