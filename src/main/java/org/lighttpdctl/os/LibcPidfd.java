package org.lighttpdctl.os;

import jnr.ffi.annotations.SaveError;

/**
 * syscall(2), for the pidfd calls (pidfd_open, pidfd_getfd, pidfd_send_signal) that glibc 2.36 wraps only partly.
 */
public interface LibcPidfd {
    @SaveError
    long syscall(long number, long a1, long a2, long a3, long a4);
}
