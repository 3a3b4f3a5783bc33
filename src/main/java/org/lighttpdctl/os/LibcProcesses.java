package org.lighttpdctl.os;

import static org.lighttpdctl.os.NativeFunction.INT;
import static org.lighttpdctl.os.NativeFunction.POINTER;

/**
 * Signals, reaping, priority and identity. Each returns -1 and leaves errno on failure (geteuid cannot fail).
 */
final class LibcProcesses {
    private final NativeFunction kill = NativeFunction.bind("kill", INT, INT, INT);
    private final NativeFunction waitpid = NativeFunction.bind("waitpid", INT, INT, POINTER, INT);
    private final NativeFunction setpriority = NativeFunction.bind("setpriority", INT, INT, INT, INT);
    private final NativeFunction geteuid = NativeFunction.bind("geteuid", INT);

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
}
