package org.lighttpdctl.os;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An open directory, and files created and replaced inside it through its descriptor: openat with O_NOFOLLOW
 * (a planted link is refused, never followed), O_EXCL for temporary files (never someone else's file), fsync,
 * renameat. The directory itself is opened with O_NOFOLLOW, after {@link TrustedPath} checked the path to it.
 */
public final class DirectoryFd implements AutoCloseable {
    private final Path path;
    private final int fd;

    private DirectoryFd(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /** Opens a directory; its last component must not be a symbolic link. */
    public static DirectoryFd open(Path dir) throws SyscallException {
        int fd = (int) AtCalls.check(AtCalls.libc().openat(AtCalls.AT_FDCWD, dir.toString(),
                AtCalls.O_RDONLY | AtCalls.O_DIRECTORY | AtCalls.O_NOFOLLOW | AtCalls.O_CLOEXEC, 0),
                "open directory " + dir);
        return new DirectoryFd(dir, fd);
    }

    /**
     * Replaces {@code name} so that a reader sees the old content or the new: a temporary file created with
     * O_EXCL|O_NOFOLLOW, written, flushed to disk, renamed over the name (rename replaces a link itself, never
     * its target).
     */
    public void replace(String name, String content, int mode) throws SyscallException {
        String temp = "." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp";
        int file = (int) AtCalls.check(AtCalls.libc().openat(fd, temp, AtCalls.O_WRONLY | AtCalls.O_CREAT
                | AtCalls.O_EXCL | AtCalls.O_NOFOLLOW | AtCalls.O_CLOEXEC, mode), "create " + path.resolve(temp));
        boolean renamed = false;
        try {
            AtCalls.writeWhole(file, content.getBytes(StandardCharsets.UTF_8), path.resolve(temp).toString());
            AtCalls.check(AtCalls.libc().fsync(file), "flush " + path.resolve(temp));
            AtCalls.check(AtCalls.libc().renameat(fd, temp, fd, name), "rename " + path.resolve(temp) + " to "
                    + path.resolve(name));
            renamed = true;
        } finally {
            Libc.files().close(file);
            if (!renamed) {
                AtCalls.libc().unlinkat(fd, temp, 0);
            }
        }
    }

    /** Creates the subdirectory unless it exists; the caller checks it with {@link TrustedPath}. */
    public void makeDirectory(String name, int mode) throws SyscallException {
        if (AtCalls.libc().mkdirat(fd, name, mode) < 0 && AtCalls.errno() != AtCalls.EEXIST) {
            AtCalls.check(-1, "create directory " + path.resolve(name));
        }
    }

    /** Removes {@code name} (a file, socket or empty directory is not followed); absent is fine. */
    public void remove(String name) throws SyscallException {
        if (AtCalls.libc().unlinkat(fd, name, 0) < 0 && AtCalls.errno() != AtCalls.ENOENT) {
            AtCalls.check(-1, "remove " + path.resolve(name));
        }
    }

    /**
     * A short name for {@code name} inside this directory, valid in this process while the directory is open:
     * /proc/self/fd/N/NAME. Unix domain socket paths are limited to 107 bytes; this one stays short whatever
     * the directory's own path.
     */
    public Path shortPath(String name) {
        return Path.of("/proc/self/fd/" + fd + "/" + name);
    }

    /** Writes {@code text} as the whole content of an open file (the lock file's note about its holder). */
    public static void writeWhole(int file, String text, Path pathForMessages) throws SyscallException {
        AtCalls.writeWhole(file, text.getBytes(StandardCharsets.UTF_8), pathForMessages.toString());
    }

    @Override
    public void close() {
        Libc.files().close(fd);
    }
}
