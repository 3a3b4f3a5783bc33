package org.lighttpdctl.os;

import java.nio.file.Path;

/**
 * The file part of {@link Syscalls}: the *at(2) calls through directory descriptors, flock, whole writes, close.
 * {@code what} names the failure: the verb and object ("create /run/lighttpdctl/x.tmp"), or for
 * {@link #writeWhole} and {@link #fsync} the file alone (the verb is the call's). Every method either succeeds or
 * throws {@link SyscallException} with the errno, which callers test by value (ENOENT, EEXIST).
 * Flags are those of {@link OpenFlags}.
 */
public interface FileCalls {

    /** openat(2); {@code dirFd} may be {@link OpenFlags#AT_FDCWD}. Returns the descriptor. */
    int openAt(int dirFd, String name, int flags, int mode, String what) throws SyscallException;

    /** mkdirat(2). */
    void mkdirAt(int dirFd, String name, int mode, String what) throws SyscallException;

    /** renameat(2): replaces {@code to} (a link itself, never its target). */
    void renameAt(int fromDirFd, String from, int toDirFd, String to, String what) throws SyscallException;

    /** unlinkat(2); {@code flags} 0 or {@link OpenFlags#AT_REMOVEDIR}. */
    void unlinkAt(int dirFd, String name, int flags, String what) throws SyscallException;

    /** pwrite(2) of all of {@code bytes} at offset 0, then ftruncate(2) there: the whole content of the file. */
    void writeWhole(int fd, byte[] bytes, String what) throws SyscallException;

    /** fsync(2). */
    void fsync(int fd, String what) throws SyscallException;

    /** close(2). */
    void close(int fd) throws SyscallException;

    /** pipe2(2), both ends close-on-exec: {read end, write end}. */
    int[] pipe(String what) throws SyscallException;

    /** read(2) of up to {@code into.length} bytes into {@code into}; 0 at end of file; retried on EINTR. */
    int read(int fd, byte[] into, String what) throws SyscallException;

    /** open(2) of a lock file (O_RDWR|O_CREAT|O_CLOEXEC|O_NOFOLLOW, mode 0644); returns the descriptor. */
    default int openLockFile(Path path) throws SyscallException {
        return openAt(OpenFlags.AT_FDCWD, path.toString(), OpenFlags.O_RDWR | OpenFlags.O_CREAT
                | OpenFlags.O_NOFOLLOW | OpenFlags.O_CLOEXEC, 0644, "open lock file " + path);
    }

    /** flock(2) LOCK_EX|LOCK_NB: true when taken, false when another open file description holds it. */
    boolean tryLockExclusive(int fd, Path pathForMessages) throws SyscallException;

    /**
     * A path that names the open file itself, whatever its name now leads to: /proc/self/fd/N. Opening it opens
     * the same inode, reading its attributes is fstat(2), and a name below it reaches into the open directory.
     */
    default Path descriptorPath(int fd) {
        return Path.of("/proc/self/fd/" + fd);
    }
}
