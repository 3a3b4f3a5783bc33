package org.lighttpdctl.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.os.Signal;
import org.lighttpdctl.server.Generation;

/**
 * Ends generations the way a stop schedule does (start-stop-daemon's --retry INT/timeout/TERM/5/KILL/5): a signal,
 * a bounded wait for every process to be gone, then the next, harsher signal.
 */
public final class Terminator {
    /**
     * 5 s after SIGTERM before SIGKILL: lighttpd ends at SIGTERM without draining (closing every connection), so
     * only a process stuck in a handler or in the kernel is still there after that. Every "terminate" uses it.
     */
    public static final Duration AFTER_TERM = Duration.ofSeconds(5);
    /** And 5 s after SIGKILL, for the kernel to reap a process (one stuck in uninterruptible I/O may take longer). */
    public static final Duration AFTER_KILL = Duration.ofSeconds(5);
    private final Context context;
    private final Signaller signaller;

    public Terminator(Context context) {
        this.context = context;
        this.signaller = new Signaller(context);
    }

    /**
     * Ends every generation: {@code first} (SIGINT for a graceful drain, SIGTERM for a hard stop) and up to
     * {@code grace} for them to exit, then SIGTERM and SIGKILL with 5 s each.
     *
     * @throws LighttpdctlException if a process survives SIGKILL (e.g. stuck in the kernel)
     */
    public void end(List<Generation> generations, Signal first, Duration grace) throws LighttpdctlException {
        List<Generation> left = signalAll(generations, first);
        left = awaitExit(left, grace);
        if (!left.isEmpty() && first != Signal.TERM) {
            context.console().step(left.size() + " generation(s) still running after " + grace.toSeconds()
                    + " s: escalating to SIGTERM");
            left = awaitExit(signalAll(left, Signal.TERM), AFTER_TERM);
        }
        if (!left.isEmpty()) {
            context.console().warn("PID " + pids(left) + " ignored SIGTERM: sending SIGKILL");
            left = awaitExit(signalAll(left, Signal.KILL), AFTER_KILL);
        }
        if (!left.isEmpty()) {
            throw new LighttpdctlException(ExitCode.GENERIC_ERROR, "cannot stop PID " + pids(left)
                    + ": still running after SIGKILL");
        }
    }

    /** Waits up to {@code timeout} for the generations to exit; returns those still running. */
    public List<Generation> awaitExit(List<Generation> generations, Duration timeout) {
        long deadline = context.syscalls().nanoTime() + timeout.toNanos();
        List<Generation> running = stillRunning(generations);
        while (!running.isEmpty() && context.syscalls().nanoTime() < deadline) {
            context.syscalls().sleepMillis(10);
            running = stillRunning(running);
        }
        return running;
    }

    private List<Generation> signalAll(List<Generation> generations, Signal signal) throws LighttpdctlException {
        List<Generation> signalled = new ArrayList<>();
        for (Generation g : generations) {
            if (signaller.signal(g, signal)) {
                signalled.add(g);
            }
        }
        return signalled;
    }

    private List<Generation> stillRunning(List<Generation> generations) {
        return generations.stream().filter(g -> context.scan().isSameProcess(g)).toList();
    }

    private static String pids(List<Generation> generations) {
        return String.join(", ", generations.stream().map(g -> Integer.toString(g.pid())).toList());
    }
}
