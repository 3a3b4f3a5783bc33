package org.lighttpdctl.testing.fake;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.lighttpdctl.os.OpenFlags;
import org.lighttpdctl.os.SyscallException;
import org.lighttpdctl.os.SyscallException.Errno;

/**
 * The file half of the {@link FakeKernel}: descriptors that name real files and directories (the test's temporary
 * state tree), worked with java.nio as the kernel's *at calls would: O_NOFOLLOW refuses a link (ELOOP), O_EXCL an
 * existing name (EEXIST), O_DIRECTORY a non-directory (ENOTDIR). A descriptor's {@code descriptorPath} is the file's
 * real path, so the production code's fstat and names-through-the-descriptor read the same tree. flock is a table
 * here; {@link #holdLock} makes another holder. Every call is recorded ("renameAt a.tmp -> a") in order.
 */
public final class FakeFiles {
    /** Fake descriptors start here, far from the JVM's own (which the production code never touches through us). */
    private static final int FIRST_FD = 5000;
    private final FakeKernel kernel;
    private final Map<Integer, Path> open = new HashMap<>();
    private final Set<Path> lockedByOthers = new HashSet<>();
    private final Map<Path, Integer> lockedBy = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private int nextFd = FIRST_FD;

    FakeFiles(FakeKernel kernel) {
        this.kernel = kernel;
    }

    /** Another open file description holds the flock of {@code path} until {@link #releaseLock}. */
    public void holdLock(Path path) {
        lockedByOthers.add(path.toAbsolutePath().normalize());
    }

    public void releaseLock(Path path) {
        lockedByOthers.remove(path.toAbsolutePath().normalize());
    }

    /** The descriptors the code under test opened and has not closed. */
    public Map<Integer, Path> openDescriptors() {
        return Map.copyOf(open);
    }

    /** Every file call made, in order, e.g. "openAt /s/x.tmp", "renameAt /s/x.tmp -> /s/x". */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    int openAt(int dirFd, String name, int flags, int mode, String what) throws SyscallException {
        kernel.maybeFail(Op.OPEN, what);
        Path path = resolve(dirFd, name, what);
        calls.add("openAt " + path);
        boolean exists = Files.exists(path, LinkOption.NOFOLLOW_LINKS);
        if (exists && OpenFlags.has(flags, OpenFlags.O_NOFOLLOW) && Files.isSymbolicLink(path)) {
            throw kernel.error(what, Errno.ELOOP);
        }
        if (exists && OpenFlags.has(flags, OpenFlags.O_CREAT | OpenFlags.O_EXCL)) {
            throw kernel.error(what, Errno.EEXIST);
        }
        if (!exists && !Files.exists(path)) {
            if (!OpenFlags.has(flags, OpenFlags.O_CREAT)) {
                throw kernel.error(what, Errno.ENOENT);
            }
            create(path, mode, what);
        }
        if (OpenFlags.has(flags, OpenFlags.O_DIRECTORY) && !Files.isDirectory(path)) {
            throw kernel.error(what, Errno.ENOTDIR);
        }
        int fd = nextFd++;
        open.put(fd, path);
        return fd;
    }

    void mkdirAt(int dirFd, String name, int mode, String what) throws SyscallException {
        kernel.maybeFail(Op.MKDIR, what);
        Path path = resolve(dirFd, name, what);
        calls.add("mkdirAt " + path);
        try {
            Files.createDirectory(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    permissions(mode))));
        } catch (IOException e) {
            throw kernel.error(what, errnoOf(e));
        }
    }

    void renameAt(int fromDirFd, String from, int toDirFd, String to, String what) throws SyscallException {
        kernel.maybeFail(Op.RENAME, what);
        Path source = resolve(fromDirFd, from, what);
        Path target = resolve(toDirFd, to, what);
        calls.add("renameAt " + source + " -> " + target);
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw kernel.error(what, errnoOf(e));
        }
    }

    void unlinkAt(int dirFd, String name, int flags, String what) throws SyscallException {
        kernel.maybeFail(Op.UNLINK, what);
        Path path = resolve(dirFd, name, what);
        calls.add("unlinkAt " + path);
        boolean directory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
        if (directory != OpenFlags.has(flags, OpenFlags.AT_REMOVEDIR) && Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw kernel.error(what, directory ? Errno.EISDIR : Errno.ENOTDIR);
        }
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw kernel.error(what, errnoOf(e));
        }
    }

    void writeWhole(int fd, byte[] bytes, String what) throws SyscallException {
        kernel.maybeFail(Op.WRITE, "write " + what);
        Path path = pathOf(fd, "write " + what);
        calls.add("writeWhole " + path);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), 0);
            channel.truncate(bytes.length);
        } catch (IOException e) {
            throw kernel.error("write " + what, errnoOf(e));
        }
    }

    void fsync(int fd, String what) throws SyscallException {
        kernel.maybeFail(Op.FSYNC, "flush " + what);
        calls.add("fsync " + pathOf(fd, "flush " + what));
    }

    void close(int fd) throws SyscallException {
        kernel.maybeFail(Op.CLOSE, "close descriptor " + fd);
        Path path = open.remove(fd);
        if (path == null) {
            throw kernel.error("close descriptor " + fd, Errno.EBADF);
        }
        lockedBy.remove(path, fd);
        calls.add("close " + path);
    }

    boolean tryLockExclusive(int fd, Path pathForMessages) throws SyscallException {
        kernel.maybeFail(Op.FLOCK, "flock " + pathForMessages);
        Path path = pathOf(fd, "flock " + pathForMessages).toAbsolutePath().normalize();
        calls.add("flock " + path);
        Integer holder = lockedBy.get(path);
        if (lockedByOthers.contains(path) || (holder != null && holder != fd)) {
            return false;
        }
        lockedBy.put(path, fd);
        return true;
    }

    /** The real path a descriptor names (the fake's /proc/self/fd/N). */
    Path descriptorPath(int fd) {
        Path path = open.get(fd);
        // An unknown descriptor: a path that does not exist, as /proc/self/fd/N of a closed one.
        return path != null ? path : kernel.proc().root().resolve("self/fd/" + fd);
    }

    private Path resolve(int dirFd, String name, String what) throws SyscallException {
        if (name.startsWith("/")) {
            return Path.of(name);
        }
        if (dirFd == OpenFlags.AT_FDCWD) {
            return Path.of(name).toAbsolutePath();
        }
        return pathOf(dirFd, what).resolve(name);
    }

    private Path pathOf(int fd, String what) throws SyscallException {
        Path path = open.get(fd);
        if (path == null) {
            throw kernel.error(what, Errno.EBADF);
        }
        return path;
    }

    private void create(Path path, int mode, String what) throws SyscallException {
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    permissions(mode))));
        } catch (IOException e) {
            throw kernel.error(what, errnoOf(e));
        }
    }

    /** rwx letters of the low nine bits of a mode (the umask is the test process's, as for the kernel). */
    private static String permissions(int mode) {
        String letters = "rwxrwxrwx";
        StringBuilder out = new StringBuilder();
        for (int bit = 8; bit >= 0; bit--) {
            out.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        return out.toString();
    }

    private static int errnoOf(IOException e) {
        if (e instanceof NoSuchFileException) {
            return Errno.ENOENT;
        }
        if (e instanceof FileAlreadyExistsException) {
            return Errno.EEXIST;
        }
        if (e instanceof AccessDeniedException) {
            return Errno.EACCES;
        }
        if (e instanceof DirectoryNotEmptyException) {
            return 39; // ENOTEMPTY
        }
        return 5; // EIO
    }
}
