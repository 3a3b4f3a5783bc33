package org.lighttpdctl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real lighttpd process owned by the test: started here, stopped here, by PID only.
 *
 * <p>Two ways to start, both waiting until the server is ready:
 * <ul>
 *   <li>{@link #startDaemon}: {@code lighttpd -f CONF}, as Debian's init script does. lighttpd's
 *       parent exits 0 only after the child bound its sockets and wrote the pidfile; the PID is read
 *       from the pidfile.
 *   <li>{@link #startForeground}: {@code lighttpd -D -f CONF}, as systemd does. lighttpd gives no
 *       ready signal, so this waits until the pidfile names the new process (lighttpd writes it after
 *       binding) and the port accepts. The port alone would not do: something else may hold it.
 * </ul>
 * lighttpd's own stdout/stderr go to {@code ROOT/logs/lighttpd.out} of a sample site, or to a temp
 * file; failure messages quote its last lines and those of the error log beside it.
 */
public final class Lighttpd implements AutoCloseable {
    /** The lighttpd binary. */
    public static final Path BINARY = Path.of("/usr/sbin/lighttpd");
    /** How long a start may take before it counts as failed. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    /** How long {@link #stop()} waits after SIGTERM before SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final long pid;
    private final long startTime;
    private final Process foreground;

    private Lighttpd(long pid, Process foreground) {
        this.pid = pid;
        this.startTime = Processes.startTime(pid)
                .orElseThrow(() -> new IllegalStateException("lighttpd " + pid + " vanished at start"));
        this.foreground = foreground;
    }

    /** Starts the sample site's main config in daemon mode. */
    public static Lighttpd startDaemon(SampleSite site) {
        return startDaemon(site.config(), site.pidFile());
    }

    /**
     * Runs {@code lighttpd -f config} and waits for its parent to exit.
     *
     * @param pidFile the config's server.pid-file
     * @throws IllegalStateException with lighttpd's output if it exits non-zero or writes no pidfile
     */
    public static Lighttpd startDaemon(Path config, Path pidFile) {
        Process parent = launch(config, List.of(BINARY.toString(), "-f", config.toString()));
        awaitExit(parent, config);
        if (parent.exitValue() != 0) {
            throw new IllegalStateException("lighttpd -f " + config + " exited " + parent.exitValue()
                    + ": " + output(config));
        }
        long pid = readPid(pidFile);
        return new Lighttpd(pid, null);
    }

    /** Starts the sample site's main config in the foreground and waits until it is ready. */
    public static Lighttpd startForeground(SampleSite site) {
        return startForeground(site.config(), site.pidFile(), site.port());
    }

    /**
     * Runs {@code lighttpd -D -f config} and waits until {@code pidFile} holds its PID and
     * 127.0.0.1:{@code port} accepts.
     *
     * @param pidFile the config's server.pid-file
     * @throws IllegalStateException with lighttpd's output if it exits or is not ready in time
     */
    public static Lighttpd startForeground(Path config, Path pidFile, int port) {
        Process process = launch(config, List.of(BINARY.toString(), "-D", "-f", config.toString()));
        Lighttpd server = new Lighttpd(process.pid(), process);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!(pidFileNames(pidFile, process.pid()) && accepts(port))) {
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                server.stop();
                throw new IllegalStateException("lighttpd -D -f " + config + " did not serve port " + port
                        + ": " + output(config));
            }
            Processes.sleep(Duration.ofMillis(10));
        }
        return server;
    }

    /**
     * Takes ownership of a lighttpd that something the test ran has started (for example a new
     * generation named by the pidfile after a restart), so that {@link #stop()} ends it.
     */
    public static Lighttpd adopt(long pid) {
        return new Lighttpd(pid, null);
    }

    /** @return true if 127.0.0.1:{@code port} accepts a TCP connection now */
    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.setSoLinger(true, 0);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean pidFileNames(Path pidFile, long pid) {
        try {
            return Files.readString(pidFile).trim().equals(Long.toString(pid));
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the PID in the pidfile */
    public static long readPid(Path pidFile) {
        try {
            return Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("no PID in " + pidFile, e);
        }
    }

    /** @return the server's PID */
    public long pid() {
        return pid;
    }

    /** @return true while this very process (not a reuse of its PID) is alive and not a zombie */
    public boolean isAlive() {
        return Processes.isAlive(pid, startTime);
    }

    /**
     * Sends a signal by name ("INT", "TERM", "USR1", "HUP", "STOP", "CONT", "KILL") if the process
     * is still this server.
     *
     * @return true if delivered
     */
    public boolean signal(String signal) {
        return isAlive() && Processes.signal(pid, signal);
    }

    /** @return true if the server has exited within {@code timeout} */
    public boolean awaitExit(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isAlive()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Processes.sleep(Duration.ofMillis(10));
        }
        reap();
        return true;
    }

    /**
     * Stops the server if it still runs: SIGCONT (in case a test stopped it), SIGTERM, then SIGKILL
     * after {@link #STOP_GRACE}.
     *
     * @throws IllegalStateException if it survives SIGKILL
     */
    public void stop() {
        if (isAlive()) {
            Processes.signal(pid, "CONT");
            Processes.signal(pid, "TERM");
            if (!awaitExit(STOP_GRACE)) {
                Processes.signal(pid, "KILL");
                if (!awaitExit(Duration.ofSeconds(5))) {
                    throw new IllegalStateException("lighttpd " + pid + " survived SIGKILL");
                }
            }
        }
        reap();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "lighttpd[" + pid + "]";
    }

    /** Collects the exit status of a foreground child so that it does not stay a zombie. */
    private void reap() {
        if (foreground != null) {
            try {
                foreground.waitFor(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Process launch(Path config, List<String> command) {
        try {
            Path log = outputFile(config);
            Files.createDirectories(log.getParent());
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private static void awaitExit(Process parent, Path config) {
        try {
            if (!parent.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                parent.destroyForcibly();
                throw new IllegalStateException("lighttpd -f " + config + " did not daemonize in "
                        + START_TIMEOUT + ": " + output(config));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting lighttpd", e);
        }
    }

    /**
     * lighttpd's stdout/stderr file: {@code logs/lighttpd.out} in the config's directory or its
     * parent (ROOT or ROOT/broken of a {@link SampleSite}) if that has a {@code logs} directory,
     * else a file in the temp directory named after the config (never creates directories next to
     * an arbitrary config).
     */
    private static Path outputFile(Path config) {
        Path dir = config.toAbsolutePath().getParent();
        for (Path candidate : new Path[] {dir, dir.getParent()}) {
            if (candidate != null && Files.isDirectory(candidate.resolve("logs"))) {
                return candidate.resolve("logs").resolve("lighttpd.out");
            }
        }
        String name = "lighttpd-" + Integer.toHexString(config.toAbsolutePath().toString().hashCode()) + ".out";
        return Path.of(System.getProperty("java.io.tmpdir"), name);
    }

    /** The last lines lighttpd wrote to its output file and its error log, for failure messages. */
    private static String output(Path config) {
        Path out = outputFile(config);
        return tail(out) + " | error.log: " + tail(out.resolveSibling("error.log"));
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no " + file.getFileName() + ")";
        }
    }
}
