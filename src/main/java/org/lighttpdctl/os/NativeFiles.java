package org.lighttpdctl.os;

import java.nio.file.Path;
import java.util.Arrays;

/** {@link FileCalls} through glibc ({@link LibcAt}, {@link LibcFiles}): the file half of {@link NativeSyscalls}. */
final class NativeFiles {
    private static final int LOCK_EX = 2, LOCK_NB = 4;

    private NativeFiles() {
    }

    static int openAt(int dirFd, String name, int flags, int mode, String what) throws SyscallException {
        return (int) Libc.check(Libc.at().openat(dirFd, name, flags, mode), what);
    }

    static void mkdirAt(int dirFd, String name, int mode, String what) throws SyscallException {
        Libc.check(Libc.at().mkdirat(dirFd, name, mode), what);
    }

    static void renameAt(int fromDirFd, String from, int toDirFd, String to, String what) throws SyscallException {
        Libc.check(Libc.at().renameat(fromDirFd, from, toDirFd, to), what);
    }

    static void unlinkAt(int dirFd, String name, int flags, String what) throws SyscallException {
        Libc.check(Libc.at().unlinkat(dirFd, name, flags), what);
    }

    static void writeWhole(int fd, byte[] bytes, String what) throws SyscallException {
        long done = 0;
        while (done < bytes.length) {
            byte[] rest = Arrays.copyOfRange(bytes, (int) done, bytes.length);
            done += Libc.check(Libc.at().pwrite(fd, rest, rest.length, done), "write " + what);
        }
        Libc.check(Libc.at().ftruncate(fd, bytes.length), "truncate " + what);
    }

    static void fsync(int fd, String what) throws SyscallException {
        Libc.check(Libc.at().fsync(fd), "flush " + what);
    }

    /** A pipe, both ends close-on-exec: {read end, write end}. */
    static int[] pipe(String what) throws SyscallException {
        int[] ends = new int[2];
        Libc.check(Libc.files().pipe2(ends, OpenFlags.O_CLOEXEC), "create " + what);
        return ends;
    }

    /** Up to {@code into.length} bytes; 0 at end of file. A signal that interrupts the wait does not end it. */
    static int read(int fd, byte[] into, String what) throws SyscallException {
        while (true) {
            long got = Libc.files().read(fd, into, into.length);
            if (got >= 0) {
                return (int) got;
            }
            int errno = Libc.errno();
            if (errno != SyscallException.Errno.EINTR) {
                throw Libc.failure("read " + what, errno);
            }
        }
    }

    static void close(int fd) throws SyscallException {
        Libc.check(Libc.files().close(fd), "close descriptor " + fd);
    }

    static boolean tryLockExclusive(int fd, Path pathForMessages) throws SyscallException {
        if (Libc.files().flock(fd, LOCK_EX | LOCK_NB) == 0) {
            return true;
        }
        int errno = Libc.errno();
        if (errno == SyscallException.Errno.EWOULDBLOCK || errno == SyscallException.Errno.EINTR) {
            return false;
        }
        throw Libc.failure("flock " + pathForMessages, errno);
    }
}
