package org.lighttpdctl.os;

import static org.lighttpdctl.os.NativeFunction.INT;
import static org.lighttpdctl.os.NativeFunction.POINTER;

/**
 * open, flock, close and fcntl: what taking a lock needs (see {@link Libc}). Each returns -1 and leaves errno on
 * failure.
 */
final class LibcFiles {
    private final NativeFunction open = NativeFunction.bind("open", INT, POINTER, INT, INT);
    private final NativeFunction flock = NativeFunction.bind("flock", INT, INT, INT);
    private final NativeFunction close = NativeFunction.bind("close", INT, INT);
    private final NativeFunction fcntl = NativeFunction.bind("fcntl", INT, INT, INT, INT);

    int open(String path, int flags, int mode) {
        try (NativeMemory name = NativeMemory.cString(path)) {
            return (int) open.call(name.address(), flags, mode);
        }
    }

    int flock(int fd, int operation) {
        return (int) flock.call(fd, operation);
    }

    int close(int fd) {
        return (int) close.call(fd);
    }

    int fcntl(int fd, int command, int argument) {
        return (int) fcntl.call(fd, command, argument);
    }
}
