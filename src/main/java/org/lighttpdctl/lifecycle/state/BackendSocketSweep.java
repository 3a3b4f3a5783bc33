package org.lighttpdctl.lifecycle.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.server.BackendSockets;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;

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
        for (Path configured : instance.effective().backendSockets()) {
            sweepDirectory(configured, live);
        }
    }

    private void sweepDirectory(Path configured, Set<Long> live) {
        Path dir = configured.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Optional<Long> owner = BackendSockets.generationOf(configured, file.getFileName().toString());
                if (owner.isPresent() && !live.contains(owner.get()) && isSocket(file)) {
                    Files.deleteIfExists(file);
                    context.console().step("removed backend socket " + file + " left by generation " + owner.get());
                }
            }
        } catch (IOException e) {
            context.console().warn("cannot remove backend sockets left in " + dir + ": " + e.getMessage());
        }
    }

    private static boolean isSocket(Path file) throws IOException {
        return Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
    }
}
