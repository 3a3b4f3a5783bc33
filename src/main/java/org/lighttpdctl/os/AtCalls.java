package org.lighttpdctl.os;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;

/**
 * The *at(2) family and the few descriptor calls that go with it: a narrow binding of its own (not part of
 * {@link NativeSyscalls}), loaded only by actions that write state. Files are created and replaced relative to an
 * open directory descriptor, with O_NOFOLLOW and O_EXCL, so that no name is ever reopened after it was checked.
 */
final class AtCalls {
    static final int AT_FDCWD = -100;
    static final int O_RDONLY = 0, O_WRONLY = 01, O_RDWR = 02, O_CREAT = 0100, O_EXCL = 0200, O_TRUNC = 01000;
    static final int O_DIRECTORY = 0200000, O_NOFOLLOW = 0400000, O_CLOEXEC = 02000000;
    static final int AT_REMOVEDIR = 0x200;
    static final int EEXIST = 17, ENOENT = 2;

    /** The libc functions, each returning -1 and leaving errno on failure. */
    public interface LibC {
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

    private static LibC libc;
    private static jnr.ffi.Runtime runtime;

    private AtCalls() {
    }

    static synchronized LibC libc() {
        if (libc == null) {
            libc = Libc.load(LibC.class);
            runtime = jnr.ffi.Runtime.getRuntime(libc);
        }
        return libc;
    }

    /** The errno of the last failed call on this thread. */
    static int errno() {
        return jnr.ffi.LastError.getLastError(runtime);
    }

    /** Throws naming the call's object and the kernel's reason when {@code result} is negative. */
    static long check(long result, String verbAndObject) throws SyscallException {
        if (result < 0) {
            int errno = errno();
            throw new SyscallException(verbAndObject, errno, Libc.strerror(errno));
        }
        return result;
    }

    /** Writes all of {@code bytes} at offset 0 and cuts the file there. */
    static void writeWhole(int fd, byte[] bytes, String what) throws SyscallException {
        long done = 0;
        while (done < bytes.length) {
            byte[] rest = java.util.Arrays.copyOfRange(bytes, (int) done, bytes.length);
            done += check(libc().pwrite(fd, rest, rest.length, done), "write " + what);
        }
        check(libc().ftruncate(fd, bytes.length), "truncate " + what);
    }
}
