package org.lighttpdctl.os;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;

/**
 * The *at(2) family and the write calls that go with it: bound only by actions that write state (see {@link Libc}).
 * Each returns -1 and leaves errno on failure; {@link NativeFiles} checks every result.
 */
public interface LibcAt {
    @SaveError
    int openat(int dirfd, String path, int flags, int mode);

    @SaveError
    int mkdirat(int dirfd, String path, int mode);

    @SaveError
    int renameat(int olddirfd, String oldPath, int newdirfd, String newPath);

    @SaveError
    int unlinkat(int dirfd, String path, int flags);

    @SaveError
    long pwrite(int fd, @In byte[] buffer, long count, long offset);

    @SaveError
    int ftruncate(int fd, long length);

    @SaveError
    int fsync(int fd);
}
