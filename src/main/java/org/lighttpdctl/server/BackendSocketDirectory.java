package org.lighttpdctl.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a backend socket's directory is one that nobody but root and server.username can add entries to. Only
 * there may lighttpdctl give a generation backend sockets of its own ({@link BackendSockets}): their names are
 * predictable ({@code php.socket.g7-0}), and lighttpd uses a socket it finds connectable at that name as an
 * external backend ("socket is already used; won't spawn", src/gw_backend.c). A user who can create entries in the
 * directory (the {@code /tmp/php.socket} layout) could bind the next generation's name first and receive its PHP
 * requests, or plant files there that make every later bind fail.
 *
 * <p>The rule: the directory and every directory above it are owned by root or by server.username and are not
 * writable by group or others; a directory above it may be writable by others only when it is sticky and owned by
 * root (/tmp: nobody can rename or remove another user's entry there). A symbolic link on the way is followed only
 * when root owns it. server.username is trusted like root here: lighttpd runs its backends as that user, so it can
 * reach them anyway. Read with lstat, no native code.
 */
public final class BackendSocketDirectory {
    private static final int MAX_LINKS = 16;
    private static final int STICKY = 01000;
    private static final int GROUP_OR_OTHER_WRITE = 0022;

    private final Set<Integer> owners;

    /** @param owners the uids allowed to own the directories: root and server.username ({@link ServerUser}) */
    public BackendSocketDirectory(Set<Integer> owners) {
        this.owners = Set.copyOf(owners);
    }

    /** For a configuration: root and its server.username. */
    public static BackendSocketDirectory of(Optional<String> username) {
        Set<Integer> uids = new java.util.HashSet<>();
        uids.add(0);
        username.ifPresent(name -> ServerUser.uidOf(name, Path.of("/etc/passwd")).ifPresent(uids::add));
        return new BackendSocketDirectory(uids);
    }

    /** @return why others could create entries in {@code dir}, naming the directory at fault; empty if nobody can */
    public Optional<String> problem(Path dir) {
        try {
            check(dir.toAbsolutePath().normalize(), 0);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    private void check(Path path, int depth) throws IOException {
        if (depth > MAX_LINKS) {
            throw new IOException(path + " passes through too many symbolic links");
        }
        Path prefix = path.getRoot();
        requireSafe(prefix, false);
        for (int i = 0; i < path.getNameCount(); i++) {
            prefix = prefix.resolve(path.getName(i));
            boolean last = i == path.getNameCount() - 1;
            int mode = mode(prefix);
            if ((mode & 0170000) == 0120000) { // a symbolic link
                if (uid(prefix) != 0) {
                    throw new IOException(prefix + " is a symbolic link owned by uid " + uid(prefix) + ", not root");
                }
                Path target = prefix.getParent().resolve(Files.readSymbolicLink(prefix)).normalize();
                Path rest = last ? target : target.resolve(path.subpath(i + 1, path.getNameCount()));
                check(rest, depth + 1);
                return;
            }
            if ((mode & 0170000) != 0040000) {
                throw new IOException(prefix + " is not a directory");
            }
            requireSafe(prefix, last);
        }
    }

    private void requireSafe(Path dir, boolean last) throws IOException {
        int mode = mode(dir);
        int uid = uid(dir);
        if (!last && (mode & STICKY) != 0 && uid == 0) {
            return; // /tmp: others add entries, but cannot replace ours
        }
        if (!owners.contains(uid)) {
            throw new IOException(dir + " is owned by uid " + uid + ", not by root or server.username");
        }
        if ((mode & GROUP_OR_OTHER_WRITE) != 0) {
            throw new IOException(dir + " is writable by " + ((mode & 0002) != 0 ? "others" : "its group")
                    + " (mode " + String.format("%04o", mode & 07777) + ")");
        }
    }

    private static int mode(Path path) throws IOException {
        try {
            return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new IOException(path + " does not exist");
        }
    }

    private static int uid(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }
}
