package org.lighttpdctl.os;

import java.io.IOException;

/**
 * A native call failed. The message names the call, its object and the kernel's reason, in the form
 * start-stop-daemon uses: {@code cannot flock /run/lighttpdctl/lock: Resource temporarily unavailable}.
 */
public final class SyscallException extends IOException {
    private final int errno;

    public SyscallException(String verbAndObject, int errno, String reason) {
        super("cannot " + verbAndObject + ": " + reason);
        this.errno = errno;
    }

    /** The errno the call left, or 0 where the call reports failure otherwise. */
    public int errno() {
        return errno;
    }

    public boolean isPermissionDenied() {
        return errno == Errno.EPERM || errno == Errno.EACCES;
    }

    /** The few errno values the code branches on (Linux numbering). */
    public static final class Errno {
        public static final int EPERM = 1;
        public static final int ENOENT = 2;
        public static final int ESRCH = 3;
        public static final int EINTR = 4;
        public static final int EBADF = 9;
        public static final int EACCES = 13;
        public static final int EEXIST = 17;
        public static final int ENOTDIR = 20;
        public static final int EISDIR = 21;
        public static final int ELOOP = 40;
        public static final int EWOULDBLOCK = 11;
        public static final int ENOSYS = 38;

        private Errno() {
        }
    }
}
