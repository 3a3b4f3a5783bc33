package org.lighttpdctl.os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Read-only views of /proc: what a process is, what it holds. Pure Java, no native code, so that status stays fast.
 * Every method treats a process that vanishes while being read as gone, never as an error.
 */
public final class Procfs {
    private static final String DELETED_SUFFIX = " (deleted)";
    private final Path root;

    public Procfs() {
        this(Path.of("/proc"));
    }

    /** A different root lets unit tests read a prepared tree. */
    public Procfs(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The stat of a live or zombie process; empty when no such PID exists. */
    public Optional<ProcessStat> stat(int pid) {
        try {
            return Optional.of(ProcessStat.parse(pid, readText(root.resolve(pid + "/stat"))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** True when the PID names a running (not zombie) process whose start time is {@code startTicks}. */
    public boolean isRunning(int pid, long startTicks) {
        Optional<ProcessStat> stat = stat(pid);
        return stat.isPresent() && stat.get().isAlive() && stat.get().startTicks() == startTicks;
    }

    /**
     * The executable of a process. After a package upgrade replaced the binary the kernel reports
     * "/usr/sbin/lighttpd (deleted)": that is still the same program, so the suffix is dropped.
     */
    public Optional<Path> executable(int pid) {
        try {
            String target = Files.readSymbolicLink(root.resolve(pid + "/exe")).toString();
            if (target.endsWith(DELETED_SUFFIX)) {
                target = target.substring(0, target.length() - DELETED_SUFFIX.length());
            }
            return Optional.of(Path.of(target));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /**
     * True when the process exists but its executable cannot be read (/proc/PID/exe needs ptrace rights: a
     * caller that is not root, or one in a user namespace, cannot read a root process's): then whether it is a
     * given program is unknown, which is not the same as "not that program".
     */
    public boolean isExecutableHidden(int pid) {
        try {
            Files.readSymbolicLink(root.resolve(pid + "/exe"));
            return false;
        } catch (java.nio.file.AccessDeniedException e) {
            return Files.exists(root.resolve(pid + "/stat"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The command line of a process, its arguments separated by NUL in /proc; empty if gone. */
    public List<String> commandLine(int pid) {
        try {
            String raw = readText(root.resolve(pid + "/cmdline"));
            return raw.isEmpty() ? List.of() : List.of(raw.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Maps each socket inode a process holds to the lowest descriptor number that refers to it. */
    public java.util.Map<Long, Integer> socketDescriptors(int pid) {
        java.util.Map<Long, Integer> byInode = new java.util.TreeMap<>();
        Path fds = root.resolve(pid + "/fd");
        try {
            for (String name : DirectoryNames.of(fds)) {
                Optional<Long> inode = socketInode(fds.resolve(name));
                if (inode.isPresent() && Text.isDigits(name, 1, 10, false)) {
                    int fd = Integer.parseInt(name);
                    Integer lowest = byInode.get(inode.get());
                    byInode.put(inode.get(), lowest == null ? fd : Math.min(lowest, fd));
                }
            }
        } catch (IOException e) {
            // Gone, or not ours to read: holds nothing we can see.
        }
        return byInode;
    }

    /** The inodes of the sockets a process holds. */
    public Set<Long> socketInodes(int pid) {
        return new HashSet<>(socketDescriptors(pid).keySet());
    }

    /** The PIDs of every process, in no particular order. */
    public List<Integer> pids() {
        List<Integer> pids = new ArrayList<>();
        try {
            for (String name : DirectoryNames.of(root)) {
                if (Text.isDigits(name, 1, 10, false)) {
                    pids.add(Integer.parseInt(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return pids;
    }

    /** The real UID a process runs as (/proc/PID/status), or empty when it is gone. */
    public java.util.OptionalInt owner(int pid) {
        try {
            for (String line : lines(root.resolve(pid + "/status"))) {
                if (line.startsWith("Uid:")) {
                    return java.util.OptionalInt.of(Integer.parseInt(Text.splitWhitespace(line)[1]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or unreadable: no owner known
        }
        return java.util.OptionalInt.empty();
    }

    /** The lines of /proc/PID/cgroup ({@code pid} may be "self"); throws when the process is gone. */
    public List<String> cgroupLines(String pid) throws IOException {
        return lines(root.resolve(pid + "/cgroup"));
    }

    /** This process's effective UID, from /proc/self/status (no native call). */
    public int effectiveUid() {
        try {
            for (String line : lines(root.resolve("self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(Text.splitWhitespace(line)[2]); // real, effective, saved, fs
                }
            }
        } catch (IOException e) {
            // fall through
        }
        throw new IllegalStateException("cannot read the effective UID from " + root.resolve("self/status"));
    }

    /** Clock ticks per second of /proc/PID/stat times: USER_HZ, 100 on every Linux architecture Debian ships. */
    public static final int USER_HZ = 100;

    /**
     * Now, in the clock of /proc/PID/stat's start time (ticks since boot; /proc/uptime counts the same boot-time
     * clock): a process whose start ticks are lower existed before this moment. 0 when /proc/uptime is unreadable.
     */
    public long uptimeTicks() {
        try {
            String seconds = Text.splitWhitespace(Files.readString(root.resolve("uptime")).trim())[0];
            return new java.math.BigDecimal(seconds).multiply(java.math.BigDecimal.valueOf(USER_HZ)).longValue();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** When a process started, from its start ticks and the boot time (btime in /proc/stat). */
    public java.time.Instant startInstant(long startTicks) {
        try {
            for (String line : lines(root.resolve("stat"))) {
                if (line.startsWith("btime ")) {
                    long bootSeconds = Long.parseLong(line.substring(6).trim());
                    return java.time.Instant.ofEpochMilli(bootSeconds * 1000 + startTicks * 1000 / USER_HZ);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return java.time.Instant.EPOCH;
    }

    /** The largest PID the kernel hands out (/proc/sys/kernel/pid_max). */
    public long pidMax() {
        try {
            return Long.parseLong(readText(root.resolve("sys/kernel/pid_max")).trim());
        } catch (IOException | NumberFormatException e) {
            return 4_194_304; // PID_MAX_LIMIT on 64-bit kernels
        }
    }

    /**
     * Reads a /proc file whole. Files.readString trusts the size the file reports, and some /proc files (sysctls
     * such as pid_max) report a size shorter than their content: a stream read to EOF gets all of it.
     */
    public static String readText(Path file) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The lines of a /proc file, read whole (Files.readAllLines sets up a decoding reader per file). */
    static List<String> lines(Path file) throws IOException {
        String text = readText(file);
        List<String> lines = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int end = text.indexOf('\n', from);
            lines.add(text.substring(from, end < 0 ? text.length() : end));
            from = end < 0 ? text.length() : end + 1;
        }
        return lines;
    }

    private static Optional<Long> socketInode(Path fd) {
        try {
            String target = Files.readSymbolicLink(fd).toString();
            if (target.startsWith("socket:[") && target.endsWith("]")) {
                return Optional.of(Long.parseLong(target.substring(8, target.length() - 1)));
            }
        } catch (IOException e) {
            // Closed while we looked.
        }
        return Optional.empty();
    }
}
