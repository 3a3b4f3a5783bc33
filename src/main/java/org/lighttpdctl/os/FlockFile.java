package org.lighttpdctl.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An exclusive flock(2) on a file, held until {@link #close()}. flock is used rather than FileChannel.lock because
 * the latter takes fcntl record locks, which are per process inside one JVM and invisible to flock(1) and to other
 * tools; flock locks belong to the open file description, and the kernel drops them when the holder dies, so a
 * crashed caller never leaves the instance locked.
 *
 * <p>The holder writes a line about itself into the file, so that a waiter that gives up can say who holds it.
 */
public final class FlockFile implements AutoCloseable {
    private final Syscalls syscalls;
    private final int fd;

    private FlockFile(Syscalls syscalls, int fd) {
        this.syscalls = syscalls;
        this.fd = fd;
    }

    /** Thrown when another holder keeps the lock past the timeout. */
    public static final class BusyException extends IOException {
        public BusyException(String message) {
            super(message);
        }
    }

    /**
     * Takes the lock, polling every 20 ms for at most {@code timeout}.
     *
     * @param holder what to tell a waiter about this holder, e.g. "PID 4711 (graceful)"
     * @throws BusyException naming the current holder when the timeout passes
     */
    public static FlockFile acquire(Syscalls syscalls, Path path, Duration timeout, String holder)
            throws IOException {
        return acquire(syscalls, syscalls.openLockFile(path), path, timeout, holder);
    }

    /** As {@link #acquire(Syscalls, Path, Duration, String)}, the file opened through its directory's descriptor. */
    public static FlockFile acquire(Syscalls syscalls, DirectoryFd dir, String name, Duration timeout,
                                    String holder) throws IOException {
        return acquire(syscalls, dir.openLockFile(name), dir.path().resolve(name), timeout, holder);
    }

    private static FlockFile acquire(Syscalls syscalls, int fd, Path path, Duration timeout, String holder)
            throws IOException {
        long deadline = syscalls.nanoTime() + timeout.toNanos();
        try {
            while (!syscalls.tryLockExclusive(fd, path)) {
                if (syscalls.nanoTime() >= deadline) {
                    throw new BusyException("cannot lock " + path + ": held by " + describeHolder(path)
                            + " for more than " + timeout.toSeconds() + " s (--lock-timeout)");
                }
                syscalls.sleepMillis(20);
            }
        } catch (IOException | RuntimeException e) {
            syscalls.close(fd);
            throw e;
        }
        // Through the locked descriptor (opened with O_NOFOLLOW), never by name: a name can be swapped meanwhile.
        try {
            syscalls.writeWhole(fd, (holder + " since " + utcTimeOfDay(System.currentTimeMillis()) + "\n")
                    .getBytes(StandardCharsets.UTF_8), path.toString());
        } catch (SyscallException e) {
            syscalls.close(fd);
            throw e;
        }
        return new FlockFile(syscalls, fd);
    }

    /**
     * HH:MM:SS UTC. Not the local time: java.time's first look at the local zone reads the time-zone database, about
     * 13 ms of every mutating call (README, "Cost"), for a line only a waiter that gives up ever shows.
     */
    static String utcTimeOfDay(long epochMillis) {
        long second = Math.floorMod(epochMillis / 1000, 86_400L);
        return twoDigits(second / 3600) + ":" + twoDigits(second / 60 % 60) + ":" + twoDigits(second % 60) + " UTC";
    }

    private static String twoDigits(long value) {
        return value < 10 ? "0" + value : Long.toString(value);
    }

    private static String describeHolder(Path path) {
        try {
            String note = Files.readString(path, StandardCharsets.UTF_8).trim();
            return note.isEmpty() ? "another lighttpdctl" : note;
        } catch (IOException e) {
            return "another lighttpdctl";
        }
    }

    /** Releases the lock (closing the descriptor drops the flock). */
    @Override
    public void close() throws SyscallException {
        syscalls.close(fd);
    }
}
