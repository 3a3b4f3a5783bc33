package org.lighttpdctl.lifecycle;

import java.nio.file.Path;

import org.lighttpdctl.os.FileCalls;
import org.lighttpdctl.os.SyscallException;

/**
 * The file half of a {@link Context}'s seam, for objects made before they know whether they will write (an
 * {@link org.lighttpdctl.server.Instance} and its pidfile and records, built by status too): each call asks the
 * context for its seam then, so an action that only reads never creates it (see {@link Context#syscalls()}).
 */
final class LazyFileCalls implements FileCalls {
    private final Context seam;

    LazyFileCalls(Context context) {
        this.seam = context;
    }

    @Override
    public int openAt(int dirFd, String name, int flags, int mode, String what) throws SyscallException {
        return seam.syscalls().openAt(dirFd, name, flags, mode, what);
    }

    @Override
    public void mkdirAt(int dirFd, String name, int mode, String what) throws SyscallException {
        seam.syscalls().mkdirAt(dirFd, name, mode, what);
    }

    @Override
    public void renameAt(int fromDirFd, String from, int toDirFd, String to, String what) throws SyscallException {
        seam.syscalls().renameAt(fromDirFd, from, toDirFd, to, what);
    }

    @Override
    public void unlinkAt(int dirFd, String name, int flags, String what) throws SyscallException {
        seam.syscalls().unlinkAt(dirFd, name, flags, what);
    }

    @Override
    public void writeWhole(int fd, byte[] bytes, String what) throws SyscallException {
        seam.syscalls().writeWhole(fd, bytes, what);
    }

    @Override
    public void fsync(int fd, String what) throws SyscallException {
        seam.syscalls().fsync(fd, what);
    }

    @Override
    public void close(int fd) throws SyscallException {
        seam.syscalls().close(fd);
    }

    @Override
    public int[] pipe(String what) throws SyscallException {
        return seam.syscalls().pipe(what);
    }

    @Override
    public int read(int fd, byte[] into, String what) throws SyscallException {
        return seam.syscalls().read(fd, into, what);
    }

    @Override
    public int openLockFile(Path path) throws SyscallException {
        return seam.syscalls().openLockFile(path);
    }

    @Override
    public boolean tryLockExclusive(int fd, Path pathForMessages) throws SyscallException {
        return seam.syscalls().tryLockExclusive(fd, pathForMessages);
    }

    /** The seam's own: a fake's descriptors name files of its tree, not /proc/self/fd. */
    @Override
    public Path descriptorPath(int fd) {
        return seam.syscalls().descriptorPath(fd);
    }
}
