package org.lighttpdctl.systemd;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.lighttpdctl.os.Procfs;
import org.lighttpdctl.os.Sleep;

/**
 * Takes lighttpd generations with their whole process trees (php-cgi spawned by bin-path, and its children) out of
 * their service's cgroup into a transient scope unit of their own, {@code <service>-drain-<pid>.scope}
 * ({@link TransientScope}): after ExecStop= systemd kills what is left in the service's cgroup, and a generation
 * moved alone would lose its PHP backends under the requests they serve. The scope goes away by itself when its
 * processes have exited, and is stopped at the latest when the drain deadline has passed by a margin.
 */
public final class DrainScope {
    /** How long systemd may take to run the scope's start job and move the processes. */
    private static final Duration MOVE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SCOPE_MARGIN = Duration.ofSeconds(30);
    /** A tree still forking (lighttpd respawning a backend) is chased this many times, then reported. */
    private static final int STRAGGLER_ROUNDS = 20;

    private final Procfs procfs;
    private final ServiceUnit unit;

    public DrainScope(Procfs procfs, ServiceUnit unit) {
        this.procfs = procfs;
        this.unit = unit;
    }

    /**
     * Moves {@code roots} and every descendant still in the unit's cgroup into one scope, named after the first
     * root, and returns its name; nothing to move (all gone or moved already) returns the name too.
     *
     * @throws IOException when systemd refuses, does not move them in time, or descendants keep appearing
     */
    public String release(List<Integer> roots, Duration drain, String description) throws IOException {
        String scope = unit.drainScope(roots.get(0));
        List<Integer> left = leftInUnit(roots);
        if (left.isEmpty()) {
            return scope;
        }
        TransientScope.start(scope, description, left, drain.plus(SCOPE_MARGIN));
        awaitMove(left, scope);
        // a process forked between the listing and the move was born in the unit's cgroup: chase it
        for (int round = 0; round < STRAGGLER_ROUNDS; round++) {
            List<Integer> stragglers = leftInUnit(roots);
            if (stragglers.isEmpty()) {
                return scope;
            }
            TransientScope.attach(scope, stragglers);
            awaitMove(stragglers, scope);
        }
        throw new IOException("processes of " + roots + " keep appearing in " + unit.name() + ": "
                + leftInUnit(roots));
    }

    private List<Integer> leftInUnit(List<Integer> roots) {
        return ProcessTree.of(procfs, roots).stream().filter(unit::holds).toList();
    }

    private void awaitMove(List<Integer> pids, String scope) throws IOException {
        long deadline = System.nanoTime() + MOVE_TIMEOUT.toNanos();
        // a process that exited meanwhile needs no move
        while (!pids.stream().allMatch(pid -> procfs.stat(pid).isEmpty() || !unit.holds(pid))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("systemd did not move PID " + pids + " into " + scope + " within "
                        + MOVE_TIMEOUT.toSeconds() + " s");
            }
            Sleep.millis(20);
        }
    }
}
