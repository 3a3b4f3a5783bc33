package org.lighttpdctl.os;

import static org.lighttpdctl.os.NativeFunction.INT;
import static org.lighttpdctl.os.NativeFunction.LONG;
import static org.lighttpdctl.os.NativeFunction.POINTER;

/**
 * The *at(2) family and the write calls that go with it: bound only by actions that write state (see {@link Libc}).
 * Each returns -1 and leaves errno on failure; {@link NativeFiles} checks every result.
 */
final class LibcAt {
    private final NativeFunction openat = NativeFunction.bind("openat", INT, INT, POINTER, INT, INT);
    private final NativeFunction mkdirat = NativeFunction.bind("mkdirat", INT, INT, POINTER, INT);
    private final NativeFunction renameat = NativeFunction.bind("renameat", INT, INT, POINTER, INT, POINTER);
    private final NativeFunction unlinkat = NativeFunction.bind("unlinkat", INT, INT, POINTER, INT);
    private final NativeFunction pwrite = NativeFunction.bind("pwrite", LONG, INT, POINTER, LONG, LONG);
    private final NativeFunction ftruncate = NativeFunction.bind("ftruncate", INT, INT, LONG);
    private final NativeFunction fsync = NativeFunction.bind("fsync", INT, INT);

    int openat(int dirfd, String path, int flags, int mode) {
        try (NativeMemory name = NativeMemory.cString(path)) {
            return (int) openat.call(dirfd, name.address(), flags, mode);
        }
    }

    int mkdirat(int dirfd, String path, int mode) {
        try (NativeMemory name = NativeMemory.cString(path)) {
            return (int) mkdirat.call(dirfd, name.address(), mode);
        }
    }

    int renameat(int olddirfd, String oldPath, int newdirfd, String newPath) {
        try (NativeMemory from = NativeMemory.cString(oldPath); NativeMemory to = NativeMemory.cString(newPath)) {
            return (int) renameat.call(olddirfd, from.address(), newdirfd, to.address());
        }
    }

    int unlinkat(int dirfd, String path, int flags) {
        try (NativeMemory name = NativeMemory.cString(path)) {
            return (int) unlinkat.call(dirfd, name.address(), flags);
        }
    }

    long pwrite(int fd, byte[] buffer, long count, long offset) {
        if (count > buffer.length) {
            throw new IndexOutOfBoundsException("pwrite of " + count + " bytes from " + buffer.length);
        }
        try (NativeMemory data = NativeMemory.copyOf(buffer, 0)) {
            return pwrite.call(fd, data.address(), count, offset);
        }
    }

    int ftruncate(int fd, long length) {
        return (int) ftruncate.call(fd, length);
    }

    int fsync(int fd) {
        return (int) fsync.call(fd);
    }
}
