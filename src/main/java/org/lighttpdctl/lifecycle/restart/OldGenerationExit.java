package org.lighttpdctl.lifecycle.restart;

import java.time.Duration;
import java.util.List;

import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.lifecycle.Signaller;
import org.lighttpdctl.lifecycle.Terminator;
import org.lighttpdctl.os.ProcessStat;
import org.lighttpdctl.os.Signal;
import org.lighttpdctl.server.Generation;

/**
 * Drains a generation to its end, backends included: SIGINT, up to the drain timeout for lighttpd to exit (then
 * SIGTERM and SIGKILL), then up to {@link #BACKEND_EXIT_TIMEOUT} for the processes it had spawned (bin-path
 * backends such as php-cgi, which lighttpd kills and whose sockets it unlinks as it exits) to be gone too. Only
 * then may a generation that spawns the same backends at the same socket paths start.
 */
final class OldGenerationExit {
    private static final Duration BACKEND_EXIT_TIMEOUT = Duration.ofSeconds(10);
    private final Context context;

    OldGenerationExit(Context context) {
        this.context = context;
    }

    /** The direct children of {@code generation}: its bin-path backends (and any CGI it is running). */
    List<ProcessStat> children(Generation generation) {
        return context.procfs().pids().stream()
                .map(pid -> context.procfs().stat(pid))
                .flatMap(java.util.Optional::stream)
                .filter(stat -> stat.ppid() == generation.pid())
                .toList();
    }

    /** SIGINT (and SIGCONT, a stopped process cannot drain), then waits for it and {@code children} to exit. */
    void drainToExit(Generation generation, List<ProcessStat> children, Duration drainTimeout)
            throws LighttpdctlException {
        Signaller signaller = new Signaller(context);
        signaller.signal(generation, Signal.INT);
        signaller.signal(generation, Signal.CONT);
        Terminator terminator = new Terminator(context);
        if (!terminator.awaitExit(List.of(generation), drainTimeout).isEmpty()) {
            context.console().warn("old generation (PID " + generation.pid() + ") still draining after "
                    + drainTimeout.toSeconds() + " s: terminating it");
            terminator.end(List.of(generation), Signal.TERM, Terminator.AFTER_TERM);
        }
        long deadline = context.syscalls().nanoTime() + BACKEND_EXIT_TIMEOUT.toNanos();
        while (children.stream().anyMatch(this::running) && context.syscalls().nanoTime() < deadline) {
            context.syscalls().sleepMillis(5);
        }
        children.stream().filter(this::running).forEach(child -> context.console().warn("process " + child.pid()
                + " that the old generation spawned is still running " + BACKEND_EXIT_TIMEOUT.toSeconds()
                + " s after it exited"));
    }

    private boolean running(ProcessStat process) {
        return context.procfs().isRunning(process.pid(), process.startTicks());
    }
}
