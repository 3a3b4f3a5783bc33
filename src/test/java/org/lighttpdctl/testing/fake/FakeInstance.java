package org.lighttpdctl.testing.fake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.lighttpdctl.lifecycle.Settings;
import org.lighttpdctl.os.ListeningSocket;
import org.lighttpdctl.server.EffectiveConfig;
import org.lighttpdctl.server.Endpoint;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;
import org.lighttpdctl.server.LighttpdBinary;
import org.lighttpdctl.server.Pidfile;
import org.lighttpdctl.server.config.LighttpdConfig;

/**
 * A lighttpd instance on a {@link FakeKernel}: its files in a temporary tree (config, binary, canonical pidfile,
 * state directory with generation records), one TCP listener the kernel reports, and generations that are fake
 * processes running its binary on their wrapper config, as the production code checks them
 * ({@code ServerScan}, {@code RecordCheck}). Records are written by the production {@code GenerationStore}.
 */
public final class FakeInstance {
    /** The inode of the instance's one listening socket (127.0.0.1:8080). */
    public static final long LISTENER = 7001;
    private final FakeKernel kernel;
    private Instance instance;
    private final Settings settings;

    /** @param gracefulShutdownSeconds server.graceful-shutdown-timeout of the effective config (0: no limit) */
    public FakeInstance(FakeKernel kernel, int gracefulShutdownSeconds) {
        this.kernel = kernel;
        Path root = kernel.directory("instance");
        try {
            Path config = Files.writeString(root.resolve("lighttpd.conf"), "# read by nothing: the fake\n");
            Path binary = Files.createDirectories(root.resolve("sbin")).resolve("lighttpd");
            Files.writeString(binary, "");
            Path stateRoot = Files.createDirectories(root.resolve("state"));
            EffectiveConfig effective = new EffectiveConfig(Optional.empty(), Optional.empty(),
                    List.of(new Endpoint.Tcp("127.0.0.1", 8080, false)), Optional.empty(), Optional.empty(), false,
                    gracefulShutdownSeconds, List.of(), List.of(), LighttpdConfig.empty());
            Pidfile pidfile = new Pidfile(root.resolve("lighttpd.pid"), false, 4_194_304, kernel);
            Path stateDir = Files.createDirectories(Instance.stateDirFor(stateRoot, config));
            Files.createDirectories(stateDir.resolve("generations"));
            this.instance = new Instance(config, new LighttpdBinary(binary), effective, pidfile, stateDir,
                    kernel);
            this.settings = new Settings(config, binary, Optional.of(pidfile.path()), stateRoot,
                    Duration.ofSeconds(30), Duration.ofSeconds(5));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the fake instance in " + root, e);
        }
        kernel.listen(new ListeningSocket(LISTENER, new InetSocketAddress("127.0.0.1", 8080)));
    }

    public Instance instance() {
        return instance;
    }

    /**
     * The configuration now has a bin-path backend on the unix socket {@code socket} (so each generation gets
     * {@code socket.gID-N}), and server.username is the test process's own uid, numeric, so that the socket
     * directory the test makes is one the server user owns.
     */
    public FakeInstance backendSocket(Path socket) {
        EffectiveConfig e = instance.effective();
        EffectiveConfig withBackend = new EffectiveConfig(e.pidFile(), e.errorLog(), e.endpoints(),
                Optional.of(Integer.toString(kernel.procfs().effectiveUid())), e.chroot(), e.socketActivation(),
                e.gracefulShutdownSeconds(), e.overlapHazards(), List.of(socket), e.tree());
        instance = new Instance(instance.config(), instance.binary(), withBackend, instance.pidfile(),
                instance.stateDir(), instance.files());
        return this;
    }

    /** Settings of a call on this instance (stop timeout 30 s, lock timeout 5 s). */
    public Settings settings() {
        return settings;
    }

    public Path binary() {
        return instance.binary().path();
    }

    /**
     * A generation lighttpdctl started: a fake process running the binary on its wrapper config
     * ({@code lighttpd -D -f STATE/generations/ID.conf}), holding the listener at descriptor 3 when
     * {@code holdsListener} (one that took SIGINT has closed it), and its record.
     */
    public FakeProcess generation(long id, int pid, Generation.Role role, long drainDeadline, boolean holdsListener) {
        FakeProcess p = kernel.process(pid, binary()).commandLine(List.of(binary().toString(), "-D", "-f",
                instance.generations().wrapperConfig(id).toString()));
        if (holdsListener) {
            p.holdsSocket(3, LISTENER);
        }
        save(new Generation(id, pid, p.startTicks(), binary(), role, drainDeadline, false));
        return p;
    }

    /** Writes a record as the production store does. */
    public void save(Generation record) {
        try {
            instance.generations().save(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The records on disk now. */
    public List<Generation> records() {
        try {
            return instance.generations().all();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The canonical pidfile names {@code pid}. */
    public void pidfile(int pid) {
        try {
            Files.writeString(instance.pidfile().path(), pid + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
