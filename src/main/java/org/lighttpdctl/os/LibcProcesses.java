package org.lighttpdctl.os;

import static org.lighttpdctl.os.NativeFunction.INT;
import static org.lighttpdctl.os.NativeFunction.LONG;
import static org.lighttpdctl.os.NativeFunction.POINTER;

/**
 * Signals, reaping (waiting on a pidfd), priority and identity. Each returns -1 and leaves errno on failure (geteuid cannot fail).
 */
final class LibcProcesses {
    private static final short POLLIN = 1;
    private final NativeFunction kill = NativeFunction.bind("kill", INT, INT, INT);
    private final NativeFunction waitpid = NativeFunction.bind("waitpid", INT, INT, POINTER, INT);
    private final NativeFunction setpriority = NativeFunction.bind("setpriority", INT, INT, INT, INT);
    private final NativeFunction geteuid = NativeFunction.bind("geteuid", INT);
    private final NativeFunction poll = NativeFunction.bind("poll", INT, POINTER, LONG, INT);

    int kill(int pid, int signal) {
        return (int) kill.call(pid, signal);
    }

    /** waitpid(2); the status of a reaped child goes into {@code status[0]}. */
    int waitpid(int pid, int[] status, int options) {
        try (NativeMemory word = NativeMemory.zeroed(Integer.BYTES)) {
            int reaped = (int) waitpid.call(pid, word.address(), options);
            status[0] = word.intAt(0);
            return reaped;
        }
    }

    int setpriority(int which, int who, int priority) {
        return (int) setpriority.call(which, who, priority);
    }

    int geteuid() {
        return (int) geteuid.call();
    }

    /**
     * poll(2) of one descriptor for input, at most {@code timeoutMillis}: 1 when it is readable (a pidfd: its
     * process has exited), 0 at the timeout, -1 and errno on failure.
     */
    int pollIn(int fd, int timeoutMillis) {
        try (NativeMemory pollfd = NativeMemory.zeroed(8)) { // struct pollfd {int fd; short events, revents;}
            pollfd.putInt(0, fd);
            pollfd.putShort(4, POLLIN);
            return (int) poll.call(pollfd.address(), 1, timeoutMillis);
        }
    }

}
