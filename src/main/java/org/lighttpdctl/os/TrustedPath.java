package org.lighttpdctl.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * start-stop-daemon's rule for the files a root process trusts: a directory lighttpdctl writes into, every
 * directory above it, and everything inside it must not be a symbolic link, must be owned by root (or by the
 * caller itself when it is not root), and must not be writable by group or others. A directory above it may be
 * writable by others only when it is sticky and owned by root (/tmp): there nobody can rename or remove another
 * user's entry.
 *
 * <p>A symbolic link above the directory (such as Debian's /var/run -> /run) is accepted when it is owned by root
 * and lies in a directory that passed the same check: only root could have made it or can change it, so the path
 * resolves to the same place for as long as the check holds. Everything is read with lstat (NOFOLLOW), from /
 * downwards, without native code, so status can use it too.
 */
public final class TrustedPath {
    private static final int MAX_LINKS = 16;
    private final int callerUid;

    /** @param callerUid the effective uid of this process: root, or the user running it without privileges */
    public TrustedPath(int callerUid) {
        this.callerUid = callerUid;
    }

    /** The reason a path is not trusted: the message names the offending path. */
    public static final class UntrustedException extends IOException {
        public UntrustedException(String message) {
            super(message);
        }
    }

    /**
     * Checks the directory and every directory above it. A directory that does not exist yet is fine as long as
     * the nearest existing one above it is private (owned by root or the caller, writable by nobody else):
     * lighttpdctl creates the rest itself ({@link DirectoryFd#openTrusted}). Never inside a directory others can
     * write (a sticky /tmp included): there another user could create the name first, after this check.
     */
    public void requireDirectory(Path dir) throws UntrustedException {
        checkChain(dir.toAbsolutePath().normalize(), true, 0);
    }

    /**
     * A program to run by this path: the directory that holds it passes {@link #requireDirectory} (links above it
     * root's, then followed and checked), and so does the file: owned by root and writable by nobody else, or a
     * link of root's to such a file in such a directory. Then every name on the way is root's to change, and the
     * path runs the program checked, however long after this check: the check cannot pass on one file and the exec
     * reach another (a link in a directory another user can write would be swapped after the check).
     */
    public void requireProgram(Path program) throws UntrustedException {
        requireProgram(program.toAbsolutePath().normalize(), 0);
    }

    private void requireProgram(Path program, int depth) throws UntrustedException {
        if (depth > MAX_LINKS) {
            throw new UntrustedException(program + " passes through too many symbolic links");
        }
        Path dir = program.getParent();
        checkChain(dir, false, 0);
        try {
            checkChain(dir.toRealPath(), true, 0);
        } catch (IOException e) {
            throw e instanceof UntrustedException untrusted ? untrusted
                    : new UntrustedException("cannot resolve " + dir + ": " + e.getMessage());
        }
        PosixFileAttributes a = attributes(program).orElse(null);
        if (a == null) {
            throw new UntrustedException(program + " does not exist");
        }
        requireOwner(program, a);
        if (a.isSymbolicLink()) {
            Path target;
            try {
                target = Files.readSymbolicLink(program);
            } catch (IOException e) {
                throw new UntrustedException("cannot read the link " + program + ": " + e.getMessage());
            }
            requireProgram(dir.resolve(target).normalize(), depth + 1);
            return;
        }
        requireNotWritableByOthers(program, a);
    }

    /** As {@link #requireDirectory}, then everything below it: subdirectories and files, none a link. */
    public void requireTree(Path dir) throws UntrustedException {
        requireDirectory(dir);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> entries = new ArrayList<>();
        try {
            // as Files.walk(dir) did: the whole tree first, depth first, links not followed; a failure to read dir
            // or below it is a failure, except an entry that vanished, which ends the walk quietly
            walkBelow(dir, entries);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new UntrustedException("cannot read " + dir + ": " + e.getMessage());
        }
        for (Path entry : entries) {
            checkEntry(entry);
        }
    }

    /** Adds the entries of a directory and, depth first, those of its subdirectories (links not followed). */
    private static void walkBelow(Path directory, List<Path> into) throws IOException {
        for (String name : DirectoryNames.of(directory)) {
            Path entry = directory.resolve(name);
            into.add(entry);
            if (Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory()) {
                walkBelow(entry, into);
            }
        }
    }

    private void checkChain(Path path, boolean last, int depth) throws UntrustedException {
        if (depth > MAX_LINKS) {
            throw new UntrustedException(path + " passes through too many symbolic links");
        }
        Path prefix = path.getRoot();
        checkAncestor(prefix, attributes(prefix).orElseThrow());
        for (int i = 0; i < path.getNameCount(); i++) {
            Path parentPath = prefix;
            prefix = prefix.resolve(path.getName(i));
            boolean isTarget = last && i == path.getNameCount() - 1;
            java.util.Optional<PosixFileAttributes> found = attributes(prefix);
            if (found.isEmpty()) {
                requireCreatableIn(prefix, parentPath);
                return; // Created below a private directory, by us.
            }
            PosixFileAttributes a = found.get();
            if (a.isSymbolicLink()) {
                if (isTarget) {
                    throw new UntrustedException(prefix + " is a symbolic link");
                }
                requireOwner(prefix, a);
                try {
                    prefix = prefix.toRealPath();
                } catch (IOException e) {
                    throw new UntrustedException("cannot resolve " + prefix + ": " + e.getMessage());
                }
                checkChain(prefix, false, depth + 1);
                continue;
            }
            if (!a.isDirectory()) {
                throw new UntrustedException(prefix + " is not a directory");
            }
            if (isTarget) {
                requireOwner(prefix, a);
                requireNotWritableByOthers(prefix, a);
            } else {
                checkAncestor(prefix, a);
            }
        }
    }

    /**
     * A missing directory is created by lighttpdctl only inside a directory nobody else can write: in one others
     * can write (even sticky), another user could create the name between this check and the mkdir, and own it.
     */
    private void requireCreatableIn(Path missing, Path parent) throws UntrustedException {
        java.util.Optional<PosixFileAttributes> found = attributes(parent);
        if (found.isEmpty()) {
            throw new UntrustedException(parent + " disappeared while it was checked");
        }
        PosixFileAttributes a = found.get();
        if (!isPrivate(uid(parent), a.permissions())) {
            throw new UntrustedException(missing + " does not exist, and lighttpdctl does not create it in "
                    + parent + ", which others can write (create it first, owned by root, mode 0755)");
        }
    }

    private boolean isPrivate(int uid, Set<PosixFilePermission> p) {
        return (uid == 0 || uid == callerUid) && !p.contains(PosixFilePermission.GROUP_WRITE)
                && !p.contains(PosixFilePermission.OTHERS_WRITE);
    }

    /**
     * The same rules, on a directory already open, read with fstat through {@code opened}, its descriptor path
     * ({@link FileCalls#descriptorPath}, which names the open inode itself): what was checked is what is used.
     *
     * @param target the directory itself (must be private); else an ancestor (may also be a sticky root directory)
     */
    public void requireOpened(Path name, Path opened, boolean target) throws UntrustedException {
        int uid;
        int mode;
        try {
            Map<String, Object> a = Files.readAttributes(opened, "unix:uid,mode");
            uid = (Integer) a.get("uid");
            mode = (Integer) a.get("mode");
        } catch (IOException e) {
            throw new UntrustedException("cannot examine " + name + ": " + e.getMessage());
        }
        boolean stickyRoot = (mode & 01000) != 0 && uid == 0;
        if (!target && stickyRoot) {
            return;
        }
        if (uid != 0 && uid != callerUid) {
            throw new UntrustedException(name + " is owned by uid " + uid + ", not root");
        }
        if ((mode & 022) != 0) {
            throw new UntrustedException(name + " is writable by group or others (mode "
                    + Integer.toOctalString(mode & 07777) + ")");
        }
    }

    /** As {@link #requireOpened} for a directory about to receive a new entry: it must be private. */
    public void requireCreatableIn(Path missing, Path parent, Path openedParent) throws UntrustedException {
        try {
            requireOpened(parent, openedParent, true);
        } catch (UntrustedException e) {
            throw new UntrustedException(missing + " does not exist, and lighttpdctl does not create it in "
                    + parent + ", which others can write (" + e.getMessage() + ")");
        }
    }

    private void checkAncestor(Path dir, PosixFileAttributes a) throws UntrustedException {
        if (isStickyRootDirectory(dir, a)) {
            return;
        }
        requireOwner(dir, a);
        requireNotWritableByOthers(dir, a);
    }

    private void checkEntry(Path entry) throws UntrustedException {
        PosixFileAttributes a = attributes(entry).orElse(null);
        if (a == null) {
            return; // Removed meanwhile (by another lighttpdctl under the lock it holds).
        }
        if (a.isSymbolicLink() && !isBasedirMirrorLink(entry)) {
            throw new UntrustedException(entry + " is a symbolic link");
        }
        requireOwner(entry, a);
        // a probe socket's mode follows the umask, and a link's mode is always 0777: both lie in a root-only directory
        if (!a.isOther() && !a.isSymbolicLink()) {
            requireNotWritableByOthers(entry, a);
        }
    }

    /**
     * The one kind of link the state tree holds on purpose: a generation's directory N.d mirrors the directory of
     * the administrator's config with one symlink per entry (server.ConfigBasedir), so that lighttpd resolves
     * relative includes as under {@code lighttpd -f}. Only lighttpd reads through them; lighttpdctl never writes
     * through them and removes them without following. They must still be owned by root (checked after this).
     */
    private static boolean isBasedirMirrorLink(Path entry) {
        Path parent = entry.getParent();
        return parent != null && parent.getFileName() != null
                && Text.isNumbered(parent.getFileName().toString(), ".d");
    }

    private void requireOwner(Path path, PosixFileAttributes a) throws UntrustedException {
        int uid = uid(path);
        if (uid != 0 && uid != callerUid) {
            throw new UntrustedException(path + " is owned by uid " + uid + ", not root");
        }
    }

    private static void requireNotWritableByOthers(Path path, PosixFileAttributes a) throws UntrustedException {
        Set<PosixFilePermission> p = a.permissions();
        if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new UntrustedException(path + " is writable by group or others (mode "
                    + java.nio.file.attribute.PosixFilePermissions.toString(p) + ")");
        }
    }

    /** A sticky directory owned by root (/tmp): others may add entries but never replace ours. */
    private boolean isStickyRootDirectory(Path dir, PosixFileAttributes a) throws UntrustedException {
        try {
            int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & 01000) != 0 && uid(dir) == 0;
        } catch (IOException e) {
            throw new UntrustedException("cannot read the mode of " + dir + ": " + e.getMessage());
        }
    }

    private static int uid(Path path) throws UntrustedException {
        try {
            return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UntrustedException("cannot read the owner of " + path + ": " + e.getMessage());
        }
    }

    private static java.util.Optional<PosixFileAttributes> attributes(Path path) throws UntrustedException {
        try {
            return java.util.Optional.of(Files.readAttributes(path, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return java.util.Optional.empty();
        } catch (IOException e) {
            throw new UntrustedException("cannot examine " + path + ": " + e.getMessage());
        }
    }
}
