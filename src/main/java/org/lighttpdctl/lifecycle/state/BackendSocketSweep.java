package org.lighttpdctl.lifecycle.state;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.server.BackendSocketCheck;
import org.lighttpdctl.server.BackendSockets;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;

/**
 * Removes what lies at the per-generation backend socket names ({@link BackendSockets}: {@code php.socket.g7-0})
 * of generations that no longer run. A generation that exits removes its own sockets; one killed outright (SIGKILL,
 * a crash) leaves them. Runs under the instance's lock, after {@link Housekeeping}, so the live generations are
 * known. Only entries whose name carries a generation mark of this configuration's socket paths are touched, and
 * only in a directory nobody but root and server.username can change (the configuration gets per-generation
 * sockets nowhere else, see {@code server.BackendSocketDirectory}), so the entry removed is the one looked at.
 * Nothing is followed: a symbolic link is removed itself, never its target; a directory is left alone (the check
 * before the spawn names it if it is in the way).
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
        for (Path configured : instance.effective().backendSockets()) {
            sweepDirectory(configured, live);
        }
    }

    private void sweepDirectory(Path configured, Set<Long> live) {
        Path dir = configured.toAbsolutePath().getParent();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Optional<Long> owner = BackendSockets.generationOf(configured, entry.getFileName().toString());
                if (owner.isPresent() && !live.contains(owner.get())) {
                    remove(entry, owner.get());
                }
            }
        } catch (NoSuchFileException e) {
            // no directory, no sockets
        } catch (IOException e) {
            context.console().warn("cannot remove backend sockets left in " + dir + ": " + e.getMessage());
        }
    }

    private void remove(Path entry, long generation) {
        try {
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                context.console().warn(entry + " is a directory at the backend socket name of generation "
                        + generation + ": left in place");
                return;
            }
            String kind = BackendSocketCheck.kind(entry);
            Files.deleteIfExists(entry); // unlink(2): a symbolic link goes, its target stays
            context.console().step(kind.startsWith("a socket") ? "removed backend socket " + entry
                    + " left by generation " + generation : "removed " + entry + " (" + kind
                    + ") at the backend socket name of generation " + generation);
        } catch (IOException e) {
            context.console().warn("cannot remove " + entry + ": " + e.getMessage());
        }
    }
}
