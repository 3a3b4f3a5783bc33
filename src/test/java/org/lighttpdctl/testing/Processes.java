package org.lighttpdctl.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Process facts from /proc and signals by PID. Nothing here matches processes by name: callers
 * signal only PIDs they started (or found by a command line naming their own temp root).
 *
 * <p>PID 1 on these machines does not reap orphans, so a daemonized process that exits stays a
 * zombie: a zombie ('Z') or dead ('X') process counts as not alive.
 */
public final class Processes {
    private static final Duration POLL = Duration.ofMillis(10);

    private Processes() {}

    /** @return true if {@code pid} exists and is neither a zombie nor dead */
    public static boolean isAlive(long pid) {
        String state = stat(pid, 0);
        return state != null && !state.equals("Z") && !state.equals("X");
    }

    /**
     * @return true if {@code pid} is alive and is the process that had {@code startTime} (guards
     *     against PID reuse)
     */
    public static boolean isAlive(long pid, long startTime) {
        return isAlive(pid) && startTime(pid).orElse(-1) == startTime;
    }

    /** @return the start time of {@code pid} in clock ticks since boot (/proc/PID/stat field 22) */
    public static OptionalLong startTime(long pid) {
        String value = stat(pid, 19);
        return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
    }

    /** @return the parent PID of {@code pid}, or -1 if it does not exist */
    public static long parent(long pid) {
        String value = stat(pid, 1);
        return value == null ? -1 : Long.parseLong(value);
    }

    /**
     * @param fieldAfterComm index into the fields after "(comm)": 0 is the state, 1 the ppid,
     *     19 the start time
     * @return the field, or null if the process does not exist
     */
    private static String stat(long pid, int fieldAfterComm) {
        try {
            String stat = ProcFs.read(Path.of("/proc", Long.toString(pid), "stat"));
            // comm may contain spaces and parentheses: the fields start after the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return fields[fieldAfterComm];
        } catch (IOException e) {
            return null;
        }
    }

    /** @return the command line of {@code pid}, arguments joined by spaces; empty if gone */
    public static String commandLine(long pid) {
        try {
            byte[] raw = ProcFs.readBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Live processes whose command line contains {@code needle}, for example a test's unique temp
     * root: that finds every process started for that test, including generations started by the
     * tool under test. This JVM is never listed.
     */
    public static List<Long> withCommandLineContaining(String needle) {
        long self = ProcessHandle.current().pid();
        List<Long> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> pid != self && isAlive(pid) && commandLine(pid).contains(needle))
                    .forEach(found::add);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return found;
    }

    /**
     * Sends {@code signal} (a name such as "INT", "TERM", "USR1", "KILL", "STOP", "CONT") to
     * {@code pid} with /bin/kill.
     *
     * @return true if the signal was delivered (false if the process was already gone)
     */
    public static boolean signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("/bin/kill", "-s", signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("/bin/kill did not finish");
            }
            return kill.exitValue() == 0;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run /bin/kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + pid, e);
        }
    }

    /** @return true if {@code pid} is no longer alive within {@code timeout} */
    public static boolean awaitDeath(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isAlive(pid)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            sleep(POLL);
        }
        return true;
    }

    /**
     * Stops {@code pid}: SIGTERM, up to {@code grace} for it to exit, then SIGKILL and up to 5 s more.
     *
     * @throws IllegalStateException if it is still alive after that
     */
    public static void terminate(long pid, Duration grace) {
        if (!isAlive(pid)) {
            return;
        }
        signal(pid, "TERM");
        if (awaitDeath(pid, grace)) {
            return;
        }
        signal(pid, "KILL");
        if (!awaitDeath(pid, Duration.ofSeconds(5))) {
            throw new IllegalStateException("process " + pid + " survived SIGKILL");
        }
    }

    /**
     * Terminates every live process whose command line contains {@code root} (see
     * {@link #withCommandLineContaining}); a stopped process is continued first so that SIGTERM acts.
     *
     * @return the PIDs terminated
     */
    public static List<Long> terminateAllMentioning(Path root, Duration grace) {
        List<Long> pids = withCommandLineContaining(root.toString());
        for (long pid : pids) {
            signal(pid, "CONT");
            terminate(pid, grace);
        }
        return pids;
    }

    /** Sleeps, restoring the interrupt flag instead of throwing. */
    public static void sleep(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
