package org.lighttpdctl.os;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;

/**
 * A file root reads in a directory someone else may control (lighttpd's error log in www-data's
 * /var/log/lighttpd): opened with O_NOFOLLOW, so a planted link is never followed, then checked through the open
 * descriptor (fstat, via its /proc/self/fd link): a regular file with one link (a hard link to a root-only file is
 * refused too), owned by one of the expected users. Read through that descriptor only.
 */
public final class OwnedFile implements AutoCloseable {
    private final FileCalls sys;
    private final Path path;
    private final int fd;

    private OwnedFile(FileCalls sys, Path path, int fd) {
        this.sys = sys;
        this.path = path;
        this.fd = fd;
    }

    /** The reason a file was not opened: the message names it. */
    public static final class RefusedException extends IOException {
        RefusedException(String message) {
            super(message);
        }
    }

    /**
     * Opens and checks {@code path} through {@code sys}, the caller's seam.
     *
     * @param owners the uids that may own it (root, server.username)
     */
    public static OwnedFile open(FileCalls sys, Path path, Set<Integer> owners) throws IOException {
        // O_NONBLOCK: a FIFO planted there must not block the open
        int fd = sys.openAt(OpenFlags.AT_FDCWD, path.toString(), OpenFlags.O_RDONLY | OpenFlags.O_NOFOLLOW
                | OpenFlags.O_CLOEXEC | OpenFlags.O_NONBLOCK, 0, "open " + path);
        OwnedFile file = new OwnedFile(sys, path, fd);
        try {
            Map<String, Object> a = Files.readAttributes(file.self(), "unix:uid,mode,nlink");
            if (((Integer) a.get("mode") & 0170000) != 0100000) {
                throw new RefusedException(path + " is not a regular file");
            }
            if ((Integer) a.get("nlink") != 1) {
                throw new RefusedException(path + " has " + a.get("nlink") + " hard links");
            }
            if (!owners.contains((Integer) a.get("uid"))) {
                throw new RefusedException(path + " is owned by uid " + a.get("uid"));
            }
            return file;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    public long size() throws IOException {
        return Files.size(self());
    }

    /** Up to {@code max} bytes from {@code offset}. */
    public byte[] read(long offset, int max) throws IOException {
        // Opening the descriptor's /proc/self/fd link opens the same inode, whatever the name now leads to.
        try (FileChannel channel = FileChannel.open(self(), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(0, Math.min(max, channel.size() - offset)));
            while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
                // read on
            }
            return java.util.Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    public Path path() {
        return path;
    }

    private Path self() {
        return sys.descriptorPath(fd);
    }

    /** Closes the file; it was only read, so a failure to close loses nothing (and EINTR closed it anyway). */
    @Override
    public void close() {
        try {
            sys.close(fd);
        } catch (SyscallException e) {
            // see above
        }
    }
}
