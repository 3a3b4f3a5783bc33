package org.lighttpdctl.lifecycle.restart;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.lighttpdctl.Checkpoint;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.lifecycle.Signaller;
import org.lighttpdctl.lifecycle.Terminator;
import org.lighttpdctl.lifecycle.state.Housekeeping;
import org.lighttpdctl.lifecycle.state.Records;
import org.lighttpdctl.os.Signal;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;

/**
 * The commit of a restart, in the order that keeps every crash recoverable: first the canonical pidfile names
 * the new generation (the commit point: see ServerScan), then the records say so, then the old generation is told
 * to drain. A tool killed between any two steps leaves a state the next call's {@link Housekeeping} completes.
 */
public final class Commit {
    /**
     * lighttpd closes its listeners first thing on SIGINT (server_graceful_state), within one pass of its event
     * loop; 2 s only bounds a process that is stopped or stuck, which then simply keeps them a while longer.
     */
    private static final Duration LISTENER_CLOSE_TIMEOUT = Duration.ofSeconds(2);
    private final Context context;

    public Commit(Context context) {
        this.context = context;
    }

    /** Makes {@code fresh} the serving generation and records {@code old} as draining (without signalling it). */
    void promote(Instance instance, Generation fresh, Generation old, Duration drainTimeout)
            throws LighttpdctlException {
        instance.pidfile().write(fresh.pid());
        Records.save(instance, fresh.withRole(Generation.Role.SERVING),
                old.draining(System.currentTimeMillis() + drainTimeout.toMillis()));
        Records.saveServingConfig(instance, fresh, context.console());
        context.console().step(Checkpoint.COMMITTED, "committed: pidfile " + instance.pidfile().path() + " names PID " + fresh.pid());
    }

    /**
     * SIGINT to the old generation, then waits (bounded) until it has closed its listeners. An old lighttpd whose
     * own pidfile is the canonical one (started by Debian's script) unlinks it as it starts its shutdown, deleting
     * the file that now names the new generation: it is written again once the old one has let go.
     *
     * @return the sockets the old generation still holds: the connections it drains
     */
    int drainOld(Instance instance, Generation old, Generation fresh, Set<Long> listeners)
            throws LighttpdctlException {
        if (!new Signaller(context).signal(old, Signal.INT)) {
            return 0;
        }
        context.console().step(Checkpoint.OLD_TOLD_TO_DRAIN, "old generation (PID " + old.pid() + ") told to drain");
        // A stopped process cannot drain: let it run (a no-op for one that runs).
        new Signaller(context).signal(old, Signal.CONT);
        Housekeeping housekeeping = new Housekeeping(context);
        var clock = context.syscalls();
        long deadline = clock.nanoTime() + LISTENER_CLOSE_TIMEOUT.toNanos();
        while (housekeeping.holdsListeners(old, listeners) && clock.nanoTime() < deadline) {
            clock.sleepMillis(2);
        }
        OptionalInt freshPid = OptionalInt.of(fresh.pid());
        if (old.adopted() && instance.effective().pidFile().equals(Optional.of(instance.pidfile().path()))) {
            // lighttpd's server_graceful_state(): server_sockets_close() then remove_pid_file() (an unlink, or a
            // truncation once it runs unprivileged): wait for the second, which follows the first at once.
            long unlinkDeadline = clock.nanoTime() + LISTENER_CLOSE_TIMEOUT.toNanos();
            while (instance.pidfile().read().equals(freshPid) && clock.nanoTime() < unlinkDeadline) {
                clock.sleepMillis(2);
            }
        }
        if (!instance.pidfile().read().equals(freshPid)) {
            instance.pidfile().write(fresh.pid());
            context.console().step("rewrote pidfile " + instance.pidfile().path() + " that the old generation removed");
        }
        return context.scan().isSameProcess(old) ? context.procfs().socketInodes(old.pid()).size() : 0;
    }

    /** With --wait: until the old generation has exited, then SIGTERM and SIGKILL past the drain timeout. */
    public void awaitDrain(Generation old, Duration drainTimeout) throws LighttpdctlException {
        Terminator terminator = new Terminator(context);
        List<Generation> left = terminator.awaitExit(List.of(old), drainTimeout);
        if (!left.isEmpty()) {
            context.console().warn("old generation (PID " + old.pid() + ") still draining after "
                    + drainTimeout.toSeconds() + " s: terminating it");
            terminator.end(left, Signal.TERM, Terminator.AFTER_TERM);
        }
    }
}
