package org.lighttpdctl.os;

import static org.lighttpdctl.os.NativeFunction.LONG;

/**
 * syscall(2), for the pidfd calls (pidfd_open, pidfd_getfd, pidfd_send_signal) that glibc 2.36 wraps only partly.
 * Returns -1 and leaves errno on failure.
 */
final class LibcPidfd {
    private final NativeFunction syscall = NativeFunction.bind("syscall", LONG, LONG, LONG, LONG, LONG, LONG);

    long syscall(long number, long a1, long a2, long a3, long a4) {
        return syscall.call(number, a1, a2, a3, a4);
    }
}
