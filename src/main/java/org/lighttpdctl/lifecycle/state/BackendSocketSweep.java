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
import org.lighttpdctl.os.EffectiveUid;
import org.lighttpdctl.server.BackendSockets;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;
import org.lighttpdctl.server.ServerUser;

/**
 * Removes the per-generation backend sockets ({@link BackendSockets}: {@code php.socket.g7-0}) of generations that
 * no longer run. A generation that exits removes its own; one killed outright (SIGKILL, a crash) leaves them.
 * Runs under the instance's lock, after {@link Housekeeping}, so the live generations are known; only socket files
 * whose name carries a generation mark of this configuration's socket paths are touched.
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
     * examined (lstat: a socket, not a FIFO nor a link) and unlinked through that descriptor (unlinkat), so a
     * directory swapped meanwhile is never reached. Otherwise nothing is swept, with a warning naming the directory.
     */
    private void sweepDirectory(Path configured, Set<Long> live, Set<Integer> owners) {
        Path dir = configured.toAbsolutePath().normalize().getParent();
        if (dir.getParent() == null || !Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryFd parent = DirectoryFd.openTrusted(dir.getParent(), EffectiveUid.get(), false);
             DirectoryFd sockets = parent.openChild(dir.getFileName().toString())) {
            if (!owners.contains(sockets.owner())) {
                throw new IOException(dir + " is owned by uid " + sockets.owner());
            }
            for (String name : sockets.names()) {
                Optional<Long> owner = BackendSockets.generationOf(configured, name);
                if (owner.isPresent() && !live.contains(owner.get()) && sockets.isSocket(name)) {
                    sockets.remove(name);
                    context.console().step("removed backend socket " + dir.resolve(name) + " left by generation "
                            + owner.get());
                }
            }
        } catch (IOException e) {
            context.console().warn("not removing backend sockets left in " + dir + ": " + e.getMessage());
        }
    }
}
