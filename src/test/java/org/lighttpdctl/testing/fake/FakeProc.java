package org.lighttpdctl.testing.fake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.lighttpdctl.os.Procfs;

/**
 * The /proc of a {@link FakeKernel}: a real directory tree laid out as the kernel's (PID/stat, exe, cmdline, status,
 * cgroup, fd/N -> socket:[INODE]; uptime, stat with btime, sys/kernel/pid_max, self/status), rewritten whenever a
 * fake process changes, so that the production {@link Procfs} reads it through its root exactly as it reads /proc.
 * A reaped process's directory is removed; a zombie shows state Z.
 */
public final class FakeProc {
    /** The boot time in /proc/stat, seconds since the epoch. */
    public static final long BOOT_SECONDS = 1_700_000_000L;
    private final Path root;
    private final FakeKernel kernel;

    FakeProc(Path root, FakeKernel kernel) {
        this.root = root;
        this.kernel = kernel;
        try {
            Files.createDirectories(root.resolve("sys/kernel"));
            Files.writeString(root.resolve("sys/kernel/pid_max"), "4194304\n");
            Files.writeString(root.resolve("stat"), "cpu  1 2 3 4\nbtime " + BOOT_SECONDS + "\n");
            Files.createDirectories(root.resolve("self"));
            Files.writeString(root.resolve("self/status"), status(kernel.euid()));
            Files.writeString(root.resolve("self/cgroup"), "0::/\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the fake /proc in " + root, e);
        }
        tick();
    }

    /** The tree's root: {@code new Procfs(root())} reads it. */
    public Path root() {
        return root;
    }

    /** A reader of this tree, the production one. */
    public Procfs procfs() {
        return new Procfs(root);
    }

    /** Rewrites /proc/self/status for this effective uid. */
    void writeSelf(int uid) {
        write(root.resolve("self/status"), status(uid));
    }

    /** Rewrites /proc/uptime from the fake clock. */
    void tick() {
        long centis = kernel.nowMillis() / 10;
        write(root.resolve("uptime"), (centis / 100) + "." + String.format("%02d", centis % 100) + " 0.00\n");
    }

    /** Writes the process's directory, or removes it once reaped. */
    void write(FakeProcess p) {
        Path dir = root.resolve(Integer.toString(p.pid()));
        if (p.gone()) {
            removeTree(dir);
            return;
        }
        try {
            Files.createDirectories(dir.resolve("fd"));
            write(dir.resolve("stat"), p.pid() + " (" + p.executable().getFileName() + ") " + p.state() + " "
                    + p.ppid() + " " + p.pid() + " " + p.pid() + " 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 "
                    + p.startTicks() + " 0 0\n");
            write(dir.resolve("cmdline"), String.join("\0", p.commandLine()) + "\0");
            write(dir.resolve("status"), status(p.uid()));
            write(dir.resolve("cgroup"), p.cgroup() + "\n");
            Path exe = dir.resolve("exe");
            Files.deleteIfExists(exe);
            if (p.state() != 'Z') {
                Files.createSymbolicLink(exe, p.executable());
            }
            try (Stream<Path> old = Files.list(dir.resolve("fd"))) {
                for (Path fd : (Iterable<Path>) old::iterator) {
                    Files.delete(fd);
                }
            }
            if (p.state() != 'Z') {
                for (Map.Entry<Integer, Long> fd : p.socketFds().entrySet()) {
                    Files.createSymbolicLink(dir.resolve("fd/" + fd.getKey()), Path.of("socket:[" + fd.getValue() + "]"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fake /proc entry of " + p, e);
        }
    }

    private static String status(int uid) {
        return "Name:\tfake\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\n";
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void removeTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
