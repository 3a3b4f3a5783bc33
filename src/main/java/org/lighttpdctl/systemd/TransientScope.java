package org.lighttpdctl.systemd;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.lighttpdctl.os.Command;

/**
 * Starts a transient scope unit that takes over processes which already run (systemd's
 * org.freedesktop.systemd1.Manager.StartTransientUnit with the PIDs property), through busctl on the system bus,
 * under {@link Command}'s watchdog. systemd moves the processes into the scope's cgroup: from then on, stopping
 * the unit they came from no longer kills them.
 */
public final class TransientScope {
    private static final long WATCHDOG_MILLIS = 10_000;

    private TransientScope() {
    }

    /**
     * Asks systemd to start scope {@code name} (ending in ".scope") holding {@code pids}. The scope goes away by
     * itself when its processes have exited; systemd stops it (SIGTERM) after {@code runtimeMax}.
     *
     * @throws IOException when busctl cannot run, hangs, or systemd refuses; the message says which
     */
    public static void start(String name, String description, List<Integer> pids, Duration runtimeMax)
            throws IOException {
        Command.Result result = Command.run(argv(name, description, pids, runtimeMax), WATCHDOG_MILLIS);
        if (result.killed()) {
            throw new IOException("busctl did not answer within " + WATCHDOG_MILLIS / 1000 + " s");
        }
        if (result.exitCode() != 0) {
            throw new IOException("busctl StartTransientUnit exited " + result.exitCode() + ": "
                    + result.output().trim());
        }
    }

    /**
     * Moves more processes into scope {@code name}, which runs already (Manager.AttachProcessesToUnit, systemd
     * 238 and later): for children a process forked after the scope took it.
     *
     * @throws IOException when busctl cannot run, hangs, or systemd refuses
     */
    public static void attach(String name, List<Integer> pids) throws IOException {
        List<String> argv = new ArrayList<>(List.of("busctl", "--system", "call", "org.freedesktop.systemd1",
                "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager", "AttachProcessesToUnit", "ssau",
                name, "", Integer.toString(pids.size())));
        pids.forEach(pid -> argv.add(Integer.toString(pid)));
        Command.Result result = Command.run(argv, WATCHDOG_MILLIS);
        if (result.killed()) {
            throw new IOException("busctl did not answer within " + WATCHDOG_MILLIS / 1000 + " s");
        }
        if (result.exitCode() != 0) {
            throw new IOException("busctl AttachProcessesToUnit exited " + result.exitCode() + ": "
                    + result.output().trim());
        }
    }

    static List<String> argv(String name, String description, List<Integer> pids, Duration runtimeMax) {
        List<String> argv = new ArrayList<>(List.of("busctl", "--system", "call", "org.freedesktop.systemd1",
                "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager", "StartTransientUnit",
                "ssa(sv)a(sa(sv))", name, "fail", "4", "PIDs", "au", Integer.toString(pids.size())));
        pids.forEach(pid -> argv.add(Integer.toString(pid)));
        argv.addAll(List.of("Description", "s", description,
                // a scope whose processes failed is still collected, not left listed as failed
                "CollectMode", "s", "inactive-or-failed",
                "RuntimeMaxUSec", "t", Long.toString(runtimeMax.toNanos() / 1000),
                "0"));
        return argv;
    }
}
