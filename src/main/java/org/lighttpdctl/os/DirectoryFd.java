package org.lighttpdctl.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An open directory, and files created and replaced inside it through its descriptor: openat with O_NOFOLLOW
 * (a planted link is refused, never followed), O_EXCL for temporary files (never someone else's file), fsync,
 * renameat. The directory itself is opened with O_NOFOLLOW, after {@link TrustedPath} checked the path to it.
 */
public final class DirectoryFd implements AutoCloseable {
    private static final int DIRECTORY_FLAGS = OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY | OpenFlags.O_NOFOLLOW
            | OpenFlags.O_CLOEXEC;
    private final FileCalls sys;
    private final Path path;
    private final int fd;

    private DirectoryFd(FileCalls sys, Path path, int fd) {
        this.sys = sys;
        this.path = path;
        this.fd = fd;
    }

    /** Opens a directory through {@code sys}; its last component must not be a symbolic link. */
    public static DirectoryFd open(FileCalls sys, Path dir) throws SyscallException {
        return new DirectoryFd(sys, dir, sys.openAt(OpenFlags.AT_FDCWD, dir.toString(), DIRECTORY_FLAGS, 0,
                "open directory " + dir));
    }

    /**
     * Replaces {@code name} so that a reader sees the old content or the new: a temporary file created with
     * O_EXCL|O_NOFOLLOW, written, flushed to disk, renamed over the name (rename replaces a link itself, never
     * its target).
     */
    public void replace(String name, String content, int mode) throws SyscallException {
        String temp = "." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp";
        int file = sys.openAt(fd, temp, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_EXCL
                | OpenFlags.O_NOFOLLOW | OpenFlags.O_CLOEXEC, mode, "create " + path.resolve(temp));
        boolean renamed = false;
        try {
            sys.writeWhole(file, content.getBytes(StandardCharsets.UTF_8), path.resolve(temp).toString());
            sys.fsync(file, path.resolve(temp).toString());
            sys.renameAt(fd, temp, fd, name, "rename " + path.resolve(temp) + " to " + path.resolve(name));
            renamed = true;
        } finally {
            closeQuietly(sys, file);
            if (!renamed) {
                try {
                    sys.unlinkAt(fd, temp, 0, "remove " + path.resolve(temp));
                } catch (SyscallException e) {
                    // the failure that brought us here is the one to report; the name is random and dotted
                }
            }
        }
    }

    /**
     * Opens a directory root trusts, by descriptors from / down: {@link TrustedPath} checks the names first
     * (following only root-owned links in trusted directories, such as /var/run), then each component of the
     * resolved path is opened with openat(O_DIRECTORY|O_NOFOLLOW) from its parent's descriptor and checked again
     * with fstat. A missing component is created with mkdirat (mode 0755), only when {@code create} and only
     * inside a directory that nobody but root (or the caller) can write, so no other user can have made it.
     *
     * @throws TrustedPath.UntrustedException naming the offending directory
     */
    public static DirectoryFd openTrusted(FileCalls sys, Path dir, int callerUid, boolean create)
            throws IOException {
        TrustedPath trusted = new TrustedPath(callerUid);
        Path target = dir.toAbsolutePath().normalize();
        trusted.requireDirectory(target);
        target = resolveLinksAbove(target);
        Path name = target.getRoot();
        int fd = sys.openAt(OpenFlags.AT_FDCWD, "/", DIRECTORY_FLAGS, 0, "open /");
        try {
            trusted.requireOpened(name, sys.descriptorPath(fd), target.getNameCount() == 0);
            for (int i = 0; i < target.getNameCount(); i++) {
                String component = target.getName(i).toString();
                Path parent = name;
                name = name.resolve(component);
                int next = openChildOrCreate(sys, trusted, fd, component, name, parent, create);
                closeQuietly(sys, fd);
                fd = next;
                trusted.requireOpened(name, sys.descriptorPath(fd), i == target.getNameCount() - 1);
            }
            return new DirectoryFd(sys, target, fd);
        } catch (IOException | RuntimeException e) {
            closeQuietly(sys, fd);
            throw e;
        }
    }

    /** One step of the walk: the child directory, created first (mode 0755) when missing and {@code create}. */
    private static int openChildOrCreate(FileCalls sys, TrustedPath trusted, int fd, String component, Path name,
                                         Path parent, boolean create) throws IOException {
        try {
            return sys.openAt(fd, component, DIRECTORY_FLAGS, 0, "open directory " + name);
        } catch (SyscallException e) {
            if (e.errno() != SyscallException.Errno.ENOENT || !create) {
                throw e;
            }
        }
        trusted.requireCreatableIn(name, parent, sys.descriptorPath(fd));
        makeDirectoryAt(sys, fd, component, 0755, name);
        return sys.openAt(fd, component, DIRECTORY_FLAGS, 0, "open directory " + name);
    }

    /** mkdirat, an existing entry being fine (the caller checks what it opens). */
    private static void makeDirectoryAt(FileCalls sys, int fd, String component, int mode, Path name)
            throws SyscallException {
        try {
            sys.mkdirAt(fd, component, mode, "create directory " + name);
        } catch (SyscallException e) {
            if (e.errno() != SyscallException.Errno.EEXIST) {
                throw e;
            }
        }
    }

    /**
     * close(2) of a directory descriptor, or of a file already flushed by fsync (or being abandoned): checked, and
     * a failure deliberately not reported, since nothing can be lost and it must not hide the outcome being
     * reported. close fails only for a descriptor that is not open (EBADF, a bug) or on EINTR, after which Linux
     * has closed it anyway.
     */
    private static void closeQuietly(FileCalls sys, int fd) {
        try {
            sys.close(fd);
        } catch (SyscallException e) {
            // see above
        }
    }

    /** Opens {@code dir} as {@link #openTrusted} does, creating what is missing, and closes it again. */
    public static void createTrusted(FileCalls sys, Path dir, int callerUid) throws IOException {
        openTrusted(sys, dir, callerUid, true).close();
    }

    /**
     * The existing part of the path with its (root-owned, already checked) links resolved, the missing rest
     * appended: the descriptor walk then refuses any link, so one planted after the check makes it fail.
     */
    private static Path resolveLinksAbove(Path path) throws IOException {
        Path existing = path;
        java.util.Deque<String> missing = new java.util.ArrayDeque<>();
        while (existing.getParent() != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            missing.push(existing.getFileName().toString());
            existing = existing.getParent();
        }
        Path resolved = existing.toRealPath();
        for (String name : missing) {
            resolved = resolved.resolve(name);
        }
        return resolved;
    }

    /**
     * Fails unless the path this directory was opened as still names the open directory (same device and
     * inode): lighttpd is given names below it, so they must lead where the descriptors were checked.
     */
    public void requireStillAt() throws TrustedPath.UntrustedException {
        try {
            Object opened = Files.readAttributes(sys.descriptorPath(fd), "unix:dev,ino");
            Object named = Files.readAttributes(path, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
            if (!opened.equals(named)) {
                throw new TrustedPath.UntrustedException(path + " was replaced while lighttpdctl used it");
            }
        } catch (TrustedPath.UntrustedException e) {
            throw e;
        } catch (IOException e) {
            throw new TrustedPath.UntrustedException("cannot examine " + path + ": " + e.getMessage());
        }
    }

    public Path path() {
        return path;
    }

    /** Opens the subdirectory {@code name} through this descriptor; a link there is refused, never followed. */
    public DirectoryFd openChild(String name) throws SyscallException {
        int child = sys.openAt(fd, name, DIRECTORY_FLAGS, 0, "open directory " + path.resolve(name));
        return new DirectoryFd(sys, path.resolve(name), child);
    }

    /** The owner of the open directory itself (fstat). */
    public int owner() throws IOException {
        return (Integer) Files.getAttribute(sys.descriptorPath(fd), "unix:uid");
    }

    /** The names in the open directory, read through its descriptor. */
    public java.util.List<String> names() throws IOException {
        try (java.util.stream.Stream<Path> entries = Files.list(sys.descriptorPath(fd))) {
            return entries.map(e -> e.getFileName().toString()).toList();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Opens (creating it, mode 0644) the lock file {@code name} in this directory, never following a link; the
     * caller owns the returned descriptor.
     */
    public int openLockFile(String name) throws SyscallException {
        return sys.openAt(fd, name, OpenFlags.O_RDWR | OpenFlags.O_CREAT | OpenFlags.O_NOFOLLOW
                | OpenFlags.O_CLOEXEC, 0644, "open lock file " + path.resolve(name));
    }

    /** Removes the empty subdirectory {@code name} (unlinkat with AT_REMOVEDIR); absent is fine. */
    public void removeDirectory(String name) throws SyscallException {
        removeAt(name, OpenFlags.AT_REMOVEDIR, "remove directory " + path.resolve(name));
    }

    /** Whether {@code name} in the open directory is a socket itself (lstat: a link to one is not). */
    public boolean isSocket(String name) throws IOException {
        return kindOf(name) == EntryKind.SOCKET;
    }

    /** What {@code name} in the open directory is itself (lstat through the descriptor: a link is a link). */
    public EntryKind kindOf(String name) throws IOException {
        return EntryKind.ofMode((Integer) Files.getAttribute(shortPath(name), "unix:mode", LinkOption.NOFOLLOW_LINKS));
    }

    /** Creates the subdirectory unless it exists; the caller checks it with {@link TrustedPath}. */
    public void makeDirectory(String name, int mode) throws SyscallException {
        makeDirectoryAt(sys, fd, name, mode, path.resolve(name));
    }

    /** Removes {@code name} (a file, socket or empty directory is not followed); absent is fine. */
    public void remove(String name) throws SyscallException {
        removeAt(name, 0, "remove " + path.resolve(name));
    }

    /** unlinkat, an absent entry being fine. */
    private void removeAt(String name, int flags, String what) throws SyscallException {
        try {
            sys.unlinkAt(fd, name, flags, what);
        } catch (SyscallException e) {
            if (e.errno() != SyscallException.Errno.ENOENT) {
                throw e;
            }
        }
    }

    /**
     * A short name for {@code name} inside this directory, valid in this process while the directory is open:
     * /proc/self/fd/N/NAME. Unix domain socket paths are limited to 107 bytes; this one stays short whatever
     * the directory's own path.
     */
    public Path shortPath(String name) {
        return sys.descriptorPath(fd).resolve(name);
    }

    /** Closes the directory; a failure is not reported (see {@link #closeQuietly}). */
    @Override
    public void close() {
        closeQuietly(sys, fd);
    }
}
