package org.lighttpdctl.testing.fake;

/** The calls of the seam a test can make fail ({@link FakeKernel#failNext}), one constant per call. */
public enum Op {
    KILL, PIDFD_OPEN, PIDFD_GETFD, PIDFD_SIGNAL, SPAWN, WAIT, SET_PRIORITY,
    OPEN, MKDIR, RENAME, UNLINK, WRITE, FSYNC, CLOSE, FLOCK,
    LISTENERS, NOTIFY
}
