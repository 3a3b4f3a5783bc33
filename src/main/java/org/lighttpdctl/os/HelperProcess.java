package org.lighttpdctl.os;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A helper program ({@code lighttpd -p}, {@code systemctl}) started through the seam's posix_spawn, as the
 * {@link Process} that Commons Exec pumps and watches ({@link Command}). Its stdout and stderr both go into one
 * pipe; stdin is /dev/null; it inherits no other descriptor.
 *
 * <p>Why not ProcessBuilder, which Commons Exec uses by default: from Java 21 on, every start asks a System.Logger
 * whether to log it (JDK-8303392), and the first such question looks for a logging backend, scanning every jar on
 * the class path for a LoggerFinder and starting java.util.logging; ProcessBuilder also execs a helper of its own
 * (jspawnhelper) before the program and starts a reaper thread. Together that was a fifth of a status call on
 * Java 21 (README, "What a run costs the machine").
 *
 * <p>Reaping and {@link #destroy()} hold this object's lock, so the watchdog's SIGKILL can never reach a PID after
 * this process has been reaped (and the PID perhaps reused): {@link #waitFor()} reaps in slices of at most
 * {@link #REAP_SLICE_MILLIS}, which is also the longest a destroy waits for the lock.
 */
final class HelperProcess extends Process {
    private static final long REAP_SLICE_MILLIS = 50;

    private final Syscalls sys;
    private final int pid;
    private final String name;
    private final PipeInput output;
    private int exitCode = -1;

    private HelperProcess(Syscalls sys, int pid, String name, int outputFd) {
        this.sys = sys;
        this.pid = pid;
        this.name = name;
        this.output = new PipeInput(sys, outputFd, "the output of " + name);
    }

    /**
     * Starts {@code argv} with {@code environment}; a name without a slash is looked up in the environment's PATH,
     * as execvp(3) does.
     *
     * @throws IOException naming the program and the reason when it cannot be started
     */
    static HelperProcess start(Syscalls sys, List<String> argv, Map<String, String> environment) throws IOException {
        List<String> resolved = new ArrayList<>(argv);
        resolved.set(0, resolve(argv.get(0), environment.get("PATH")));
        int[] pipe;
        try {
            pipe = sys.pipe("a pipe for the output of " + argv.get(0));
        } catch (SyscallException e) {
            throw new IOException("cannot start " + argv.get(0) + ": " + e.getMessage(), e);
        }
        try {
            int pid = sys.spawnHelper(resolved, environment, pipe[1]);
            return new HelperProcess(sys, pid, argv.get(0), pipe[0]);
        } catch (SyscallException e) {
            closeQuietly(sys, pipe[0]);
            throw new IOException("cannot start " + argv.get(0) + ": " + e.getMessage(), e);
        } finally {
            // Only the child may hold the write end: the reader sees the end of the output when the child (and
            // anything it left running with its stdout) is gone.
            closeQuietly(sys, pipe[1]);
        }
    }

    /** {@code name} itself when it holds a slash, else the first trusted program of that name in {@code path}. */
    static String resolve(String name, String path) throws IOException {
        return resolve(name, path, new TrustedPath(EffectiveUid.get()));
    }

    /**
     * The PATH lookup of execvp(3), for a tool that runs as root: empty and relative entries are skipped (execvp
     * would take them from the working directory), and so is a program that {@code trust} refuses, with every
     * directory above it: a directory another user can write (a PATH that names /tmp/bin or ~user/bin) would let
     * that user plant a systemctl that root then runs. The message names what was skipped and why.
     */
    static String resolve(String name, String path, TrustedPath trust) throws IOException {
        if (name.indexOf('/') >= 0) {
            return name;
        }
        String dirs = path == null ? "" : path;
        StringBuilder skipped = new StringBuilder();
        int from = 0;
        while (from <= dirs.length()) {
            int to = dirs.indexOf(':', from);
            String dir = dirs.substring(from, to < 0 ? dirs.length() : to);
            from = to < 0 ? dirs.length() + 1 : to + 1;
            if (!dir.startsWith("/")) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (!Files.isRegularFile(candidate) || !Files.isExecutable(candidate)) {
                continue;
            }
            try {
                trust.requireProgram(candidate);
                return candidate.toString();
            } catch (TrustedPath.UntrustedException e) {
                skipped.append("; skipped ").append(candidate).append(": ").append(e.getMessage());
            }
        }
        throw new IOException("cannot start " + name + ": not found in PATH (" + path + ")" + skipped);
    }

    @Override
    public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream(); // stdin is /dev/null
    }

    /** Stdout and stderr together. */
    @Override
    public InputStream getInputStream() {
        return output;
    }

    @Override
    public InputStream getErrorStream() {
        return InputStream.nullInputStream(); // stderr goes into the same pipe as stdout
    }

    @Override
    public int waitFor() throws InterruptedException {
        while (true) {
            synchronized (this) {
                if (reapWithin(REAP_SLICE_MILLIS)) {
                    return exitCode;
                }
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for " + name);
            }
        }
    }

    @Override
    public synchronized int exitValue() {
        if (!reapWithin(0)) {
            throw new IllegalThreadStateException(name + " (PID " + pid + ") has not exited");
        }
        return exitCode;
    }

    @Override
    public boolean isAlive() {
        synchronized (this) {
            return !reapWithin(0);
        }
    }

    @Override
    public long pid() {
        return pid;
    }

    /** SIGKILL, unless it has been reaped already. */
    @Override
    public synchronized void destroy() {
        if (exitCode >= 0) {
            return;
        }
        try {
            sys.kill(pid, Signal.KILL);
        } catch (SyscallException e) {
            // ESRCH cannot happen before the reap (an exited child stays a zombie until then); anything else
            // leaves the watchdog's caller to report the program as hung
        }
    }

    /** True once reaped (exitCode set); waits at most {@code millis}. Called with the lock held. */
    private boolean reapWithin(long millis) {
        if (exitCode >= 0) {
            return true;
        }
        try {
            int code = sys.waitExit(pid, millis);
            if (code >= 0) {
                exitCode = code;
            }
        } catch (SyscallException e) {
            throw new IllegalStateException("cannot wait for " + name + " (PID " + pid + "): " + e.getMessage(), e);
        }
        return exitCode >= 0;
    }

    private static void closeQuietly(Syscalls sys, int fd) {
        try {
            sys.close(fd);
        } catch (SyscallException e) {
            // nothing left to do with a descriptor that cannot be closed
        }
    }

    /** The read end of the pipe, read through the seam; closed once. */
    private static final class PipeInput extends InputStream {
        private final Syscalls sys;
        private final int fd;
        private final String what;
        private boolean closed;

        PipeInput(Syscalls sys, int fd, String what) {
            this.sys = sys;
            this.fd = fd;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            java.util.Objects.checkFromIndexSize(offset, length, into.length);
            if (length == 0) {
                return 0;
            }
            byte[] chunk = new byte[length];
            int got;
            try {
                got = sys.read(fd, chunk, what);
            } catch (SyscallException e) {
                throw new IOException(e.getMessage(), e);
            }
            if (got == 0) {
                return -1;
            }
            System.arraycopy(chunk, 0, into, offset, got);
            return got;
        }

        @Override
        public synchronized void close() throws IOException {
            if (!closed) {
                closed = true;
                try {
                    sys.close(fd);
                } catch (SyscallException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        }
    }
}
