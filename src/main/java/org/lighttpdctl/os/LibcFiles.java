package org.lighttpdctl.os;

import static org.lighttpdctl.os.NativeFunction.INT;
import static org.lighttpdctl.os.NativeFunction.LONG;
import static org.lighttpdctl.os.NativeFunction.POINTER;

/**
 * open, flock, close and fcntl: what taking a lock needs; pipe2 and read: the output of a helper program (see
 * {@link Libc}). Each returns -1 and leaves errno on failure.
 */
final class LibcFiles {
    private final NativeFunction open = NativeFunction.bind("open", INT, POINTER, INT, INT);
    private final NativeFunction flock = NativeFunction.bind("flock", INT, INT, INT);
    private final NativeFunction close = NativeFunction.bind("close", INT, INT);
    private final NativeFunction fcntl = NativeFunction.bind("fcntl", INT, INT, INT, INT);
    private final NativeFunction pipe2 = NativeFunction.bind("pipe2", INT, POINTER, INT);
    private final NativeFunction read = NativeFunction.bind("read", LONG, INT, POINTER, LONG);

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

    /** pipe2(2): the read end into {@code ends[0]}, the write end into {@code ends[1]}. */
    int pipe2(int[] ends, int flags) {
        try (NativeMemory pair = NativeMemory.zeroed(2 * Integer.BYTES)) {
            int result = (int) pipe2.call(pair.address(), flags);
            ends[0] = pair.intAt(0);
            ends[1] = pair.intAt(Integer.BYTES);
            return result;
        }
    }

    /** read(2) of at most {@code length} bytes into the start of {@code into}. */
    long read(int fd, byte[] into, int length) {
        try (NativeMemory data = NativeMemory.zeroed(length)) {
            long got = read.call(fd, data.address(), length);
            if (got > 0) {
                data.copyTo(into, (int) got);
            }
            return got;
        }
    }
}
