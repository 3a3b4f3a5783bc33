package org.lighttpdctl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A bounded CPU load: one busy-looping shell per core ({@code timeout S sh -c 'while :; do :; done'}), at the
 * caller's priority, for at most {@code S} seconds (timeout(1) ends them if this JVM dies), ended by PID on
 * {@link #close()}.
 */
final class BusyMachine implements AutoCloseable {
    private final List<Process> loops = new ArrayList<>();

    private BusyMachine(Duration bound) throws IOException {
        int cores = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < cores; i++) {
            loops.add(new ProcessBuilder("timeout", Long.toString(bound.toSeconds()), "/bin/sh", "-c",
                    "while :; do :; done").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
    }

    /** Starts one busy loop per core, each bounded by {@code bound}. */
    static BusyMachine start(Duration bound) {
        try {
            return new BusyMachine(bound);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the busy loops: " + e.getMessage(), e);
        }
    }

    int loops() {
        return loops.size();
    }

    /** SIGTERM to each timeout(1) by PID (it passes the signal to its loop), then waits for them. */
    @Override
    public void close() {
        for (Process loop : loops) {
            loop.destroy();
        }
        for (Process loop : loops) {
            try {
                if (!loop.waitFor(5, TimeUnit.SECONDS)) {
                    loop.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The 1-minute load average from /proc/loadavg. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
