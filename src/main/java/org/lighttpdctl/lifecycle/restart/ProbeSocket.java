package org.lighttpdctl.lifecycle.restart;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.os.DirectoryFd;
import org.lighttpdctl.server.Endpoint;

/**
 * A listening socket only the new generation holds, so that a probe through it can only be answered by the new
 * generation. Probing the shared listeners alone cannot prove that: old and new generation both wait on them, and
 * on a busy server the old one, already running, wins nearly every accept (seen: ten seconds of probes under
 * load). lighttpd serves an inherited socket its configuration does not name like any other, so it is passed
 * after the shared ones; it lives in a directory only root may enter, and its name is unlinked once the
 * generation has answered, so nobody else can ever connect to it.
 */
final class ProbeSocket implements AutoCloseable {
    private final ServerSocketChannel channel;
    private final DirectoryFd dir;
    private final Path path;
    private final int descriptor;

    private ProbeSocket(ServerSocketChannel channel, DirectoryFd dir, Path path, int descriptor) {
        this.channel = channel;
        this.dir = dir;
        this.path = path;
        this.descriptor = descriptor;
    }

    /**
     * The probe socket, or none when it cannot be made (said as a warning). Without it no client is lost either:
     * readiness is then proven through the shared listeners by the new generation's probe tag, which may take
     * longer on a busy server while an old generation, already running, wins most accepts (a handoff), and is as
     * sure once the new generation is the only one listening (a sequenced restart, a rebind).
     */
    static Optional<ProbeSocket> openOrWarn(Context context, Path stateDir) {
        try {
            return Optional.of(open(context, stateDir));
        } catch (LighttpdctlException e) {
            context.console().warn(e.getMessage() + ": proving the new generation through the shared listeners");
            return Optional.empty();
        }
    }

    /**
     * Binds the socket through the probe directory's descriptor (/proc/self/fd/N/PID.sock), so its path is short
     * and bounded whatever the state directory's length (a Unix socket path holds at most 107 bytes).
     */
    static ProbeSocket open(Context context, Path stateDir) throws LighttpdctlException {
        Path dirPath = stateDir.resolve("probe");
        String name = context.syscalls().pid() + ".sock";
        DirectoryFd dir = null;
        try {
            Files.createDirectories(dirPath,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            dir = DirectoryFd.open(context.syscalls(), dirPath);
            dir.remove(name);
            Path path = dir.shortPath(name);
            // The JDK makes sockets of its own on its first channel (Java 21 and 25: one more next to ours, its
            // pre-close socket pair), so one channel is opened and closed first: then ours is the only new one.
            ServerSocketChannel.open(StandardProtocolFamily.UNIX).close();
            Set<Long> before = context.procfs().socketDescriptors(context.syscalls().pid()).keySet();
            ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.bind(UnixDomainSocketAddress.of(path));
                return new ProbeSocket(channel, dir, path, descriptorOf(context, before));
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            if (dir != null) {
                dir.close();
            }
            throw new LighttpdctlException(ExitCode.GENERIC_ERROR, "cannot create probe socket " + dirPath.resolve(name)
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * The descriptor of the channel in this process: the JDK does not tell it, /proc/self/fd does. It is the one
     * socket that was not there before the channel was opened (this tool opens sockets on one thread only), found
     * without listing every listening socket of the machine again.
     */
    private static int descriptorOf(Context context, Set<Long> before) throws IOException {
        Map<Long, Integer> now = new HashMap<>(context.procfs().socketDescriptors(context.syscalls().pid()));
        now.keySet().removeAll(before);
        if (now.size() != 1) {
            throw new IOException("its descriptor is not told apart in /proc/self/fd (" + now.size()
                    + " new sockets)");
        }
        return now.values().iterator().next();
    }

    int descriptor() {
        return descriptor;
    }

    Endpoint endpoint() {
        return new Endpoint.Unix(path, false);
    }

    /** Closes this process's copy and unlinks the name; the generation keeps a socket nobody can reach. */
    @Override
    public void close() {
        try {
            channel.close();
            dir.remove(path.getFileName().toString());
        } catch (IOException e) {
            // Left in a root-only directory; the next call's sweep removes it.
        } finally {
            dir.close();
        }
    }
}
