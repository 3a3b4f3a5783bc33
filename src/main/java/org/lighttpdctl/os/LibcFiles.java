package org.lighttpdctl.os;

import jnr.ffi.annotations.SaveError;

/** glibc's descriptor calls lighttpdctl makes: the lock file and the copies of inherited sockets. */
public interface LibcFiles {
    @SaveError
    int open(String path, int flags, int mode);

    @SaveError
    int flock(int fd, int operation);

    @SaveError
    int close(int fd);

    /** fcntl(2) with an int argument (F_DUPFD_CLOEXEC, F_SETFD). */
    @SaveError
    int fcntl(int fd, int command, int argument);
}
