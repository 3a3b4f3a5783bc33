package org.lighttpdctl.lifecycle.state;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.lifecycle.Terminator;
import org.lighttpdctl.lifecycle.Signaller;
import org.lighttpdctl.os.Signal;
import org.lighttpdctl.server.Census;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;

/**
 * Brings the records back in line with the processes before a mutating action, so that a call that died halfway
 * (SIGKILL, power cut of the tool, a crash) is finished or undone by the next one. Run under the instance lock.
 *
 * <ul>
 *   <li>records of processes that are gone are forgotten;</li>
 *   <li>a generation a restart spawned but never committed may already be accepting on the shared sockets:
 *       it is drained (SIGINT), not killed;</li>
 *   <li>a draining generation that still holds listening sockets was never told (lighttpd closes its listeners
 *       the moment it takes SIGINT): it is told now. One that was told is never sent SIGINT again, because
 *       lighttpd takes a second SIGINT as an immediate shutdown that cuts its in-flight requests;</li>
 *   <li>a draining generation past its deadline is terminated, so draining generations never pile up.</li>
 * </ul>
 */
public final class Housekeeping {
    private final Context context;
    private final Signaller signaller;

    public Housekeeping(Context context) {
        this.context = context;
        this.signaller = new Signaller(context);
    }

    public Census settle(Instance instance, Duration drainTimeout) throws LighttpdctlException {
        UnreadableRecords.setAside(instance, context);
        new Sweep(context).run(instance);
        try {
            Census census = new UnfinishedSpawns(context).await(instance, context.scan().scan(instance));
            for (Generation gone : census.vanished()) {
                instance.generations().forget(gone.id());
                context.console().step("forgot generation " + gone.id() + " (PID " + gone.pid() + " is gone)");
            }
            Set<Long> listeners = listenerInodes(instance);
            long deadline = context.syscalls().currentTimeMillis() + drainTimeout.toMillis();
            for (Generation g : census.starting()) {
                context.console().warn("generation " + g.id() + " (PID " + g.pid()
                        + ") was spawned by a restart that never finished: draining it");
                tellOrEnforce(demote(instance, g, deadline), listeners);
            }
            for (Generation g : census.draining()) {
                Generation draining = g.role() == Generation.Role.DRAINING ? g : demote(instance, g, deadline);
                tellOrEnforce(draining, listeners);
            }
            return context.scan().scan(instance);
        } catch (IOException e) {
            throw new LighttpdctlException(ExitCode.GENERIC_ERROR, "cannot read generation records in "
                    + instance.generations().dir() + ": " + e.getMessage(), e);
        }
    }

    /** The inodes of the instance's listening sockets, as the kernel lists them now. */
    public Set<Long> listenerInodes(Instance instance) {
        Set<Long> inodes = new HashSet<>();
        context.scan().configuredListeners(instance.effective()).forEach(s -> inodes.add(s.inode()));
        return inodes;
    }

    /** True while the generation holds one of the listening sockets, i.e. it has not taken SIGINT yet. */
    public boolean holdsListeners(Generation g, Set<Long> listeners) {
        return !Collections.disjoint(context.procfs().socketInodes(g.pid()), listeners);
    }

    private Generation demote(Instance instance, Generation g, long deadline) throws IOException {
        Generation draining = g.draining(deadline);
        instance.generations().save(draining);
        return draining;
    }

    private void tellOrEnforce(Generation g, Set<Long> listeners) throws LighttpdctlException {
        if (holdsListeners(g, listeners)) {
            signaller.signal(g, Signal.INT);
            return;
        }
        long overdue = context.syscalls().currentTimeMillis() - g.drainDeadline();
        if (g.drainDeadline() > 0 && overdue > 0) {
            Signal signal = overdue > Terminator.AFTER_TERM.toMillis() ? Signal.KILL : Signal.TERM;
            context.console().warn("generation " + g.id() + " (PID " + g.pid() + ") is still draining past its "
                    + "deadline: sending " + signal.signame());
            signaller.signal(g, signal);
        }
    }
}
