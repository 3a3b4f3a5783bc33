package org.lighttpdctl.lifecycle.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.os.DirectoryFd;
import org.lighttpdctl.os.EntryKind;
import org.lighttpdctl.server.BackendSockets;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;
import org.lighttpdctl.server.ServerUser;

/**
 * Removes what lies at the per-generation backend socket names ({@link BackendSockets}: {@code php.socket.g7-0})
 * of generations that no longer run. A generation that exits removes its own sockets; one killed outright (SIGKILL,
 * a crash) leaves them. Runs under the instance's lock, after {@link Housekeeping}, so the live generations are
 * known. Only entries whose name carries a generation mark of this configuration's socket paths are touched, and
 * only in a directory nobody but root and server.username can change (the configuration gets per-generation
 * sockets nowhere else, see {@code server.BackendSocketDirectory}). Nothing is followed: a symbolic link is removed
 * itself, never its target; a directory is left alone (the check before the spawn names it if it is in the way).
 */
public final class BackendSocketSweep {
    private final Context context;

    public BackendSocketSweep(Context context) {
        this.context = context;
    }

    public void sweep(Instance instance) throws LighttpdctlException {
        if (instance.effective().backendSockets().isEmpty()) {
            return;
        }
        Set<Long> live = new HashSet<>();
        try {
            for (Generation g : instance.generations().all()) {
                if (g.pid() == 0 || context.scan().isSameProcess(g)) {
                    live.add(g.id());
                }
            }
        } catch (IOException e) {
            context.console().warn("cannot read the generation records: " + e.getMessage()
                    + ": backend sockets left by killed generations are not removed");
            return;
        }
        Set<Integer> owners = ServerUser.allowedUids(instance.effective());
        for (Path configured : instance.effective().backendSockets()) {
            sweepDirectory(configured, live, owners);
        }
    }

    /**
     * The configured socket's directory may belong to the server user (Debian: www-data's /run/lighttpd), so it is
     * reached through checked descriptors: its parent by {@link DirectoryFd#openTrusted} (no directory above it
     * that others could swap), itself with O_NOFOLLOW from there, owned by root or server.username. Entries are
     * examined (lstat through the descriptor) and unlinked through it (unlinkat), so a directory swapped meanwhile
     * is never reached. Otherwise nothing is swept, with a warning naming the directory.
     */
    private void sweepDirectory(Path configured, Set<Long> live, Set<Integer> owners) {
        Path dir = configured.toAbsolutePath().normalize().getParent();
        if (dir.getParent() == null || !Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryFd parent = DirectoryFd.openTrusted(context.syscalls(),
                dir.getParent(), context.procfs().effectiveUid(), false);
             DirectoryFd sockets = parent.openChild(dir.getFileName().toString())) {
            if (!owners.contains(sockets.owner())) {
                throw new IOException(dir + " is owned by uid " + sockets.owner());
            }
            for (String name : sockets.names()) {
                Optional<Long> owner = BackendSockets.generationOf(configured, name);
                if (owner.isPresent() && !live.contains(owner.get())) {
                    remove(sockets, name, owner.get());
                }
            }
        } catch (IOException e) {
            context.console().warn("not removing backend sockets left in " + dir + ": " + e.getMessage());
        }
    }

    /** Sockets, links and files at a dead generation's name go; a directory is named; a FIFO or device stays. */
    private void remove(DirectoryFd sockets, String name, long generation) throws IOException {
        Path entry = sockets.path().resolve(name);
        EntryKind kind;
        try {
            kind = sockets.kindOf(name);
        } catch (java.nio.file.NoSuchFileException e) {
            return; // its generation's lighttpd removed it meanwhile
        }
        switch (kind) {
            case SOCKET -> {
                sockets.remove(name);
                context.console().step("removed backend socket " + entry + " left by generation " + generation);
            }
            case SYMLINK, REGULAR -> {
                sockets.remove(name); // unlinkat(2): a link goes, its target stays
                context.console().step("removed " + entry + " (" + kind + ") at the backend socket name of "
                        + "generation " + generation);
            }
            case DIRECTORY, OTHER -> context.console().warn(entry + " is " + kind + " at the backend socket name of "
                    + "generation " + generation + ": left in place");
        }
    }
}
