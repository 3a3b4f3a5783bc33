package org.lighttpdctl.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.lighttpdctl.os.Sleep;
import org.lighttpdctl.os.TransientScope;
import org.lighttpdctl.server.Generation;

/**
 * Lets draining generations outlive the stop half of `systemctl restart` without KillMode=none. After ExecStop=,
 * systemd kills what is left of the service: its main process (whichever cgroup it is in) and its cgroup. So,
 * before the generations are told to drain:
 * <ol>
 *   <li>the main PID goes to a stand-in: a {@code sleep} started here, inside the service's cgroup, announced with
 *       sd_notify "MAINPID=" (accepted from root with NotifyAccess=all); systemd kills the stand-in instead;
 *   <li>the generations move into a transient scope unit of their own, {@code <service>-drain-<pid>.scope}
 *       ({@link TransientScope}), which ends by itself when they have exited, and at the latest when the drain
 *       deadline has passed by a margin.
 * </ol>
 * `systemctl stop` still ends them: its ExecStop= (lighttpdctl stop) stops every generation wherever it runs.
 * systemd before 257 ignores MAINPID= while a unit stops; there the unit runs with KillMode=none (the package's
 * generator sets it, with LIGHTTPDCTL_KILLMODE=none) and only the move into the scope is done.
 * A failure is reported and the restart goes on: systemd then cuts the drain short, as lighttpd's own unit does.
 */
final class DrainScope {
    /** The stand-in needs to live only until systemd kills it right after ExecStop=. */
    private static final String STAND_IN_SECONDS = "300";
    /** How long systemd may take to run the scope's start job and move the processes. */
    private static final Duration MOVE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SCOPE_MARGIN = Duration.ofSeconds(30);

    private final Context context;
    private final Map<String, String> environment;

    DrainScope(Context context, Map<String, String> environment) {
        this.context = context;
        this.environment = environment;
    }

    /**
     * Takes {@code generations} out of the reach of the service's stop; returns true when all of them are in a
     * scope of their own and the main PID names the stand-in.
     */
    boolean release(String unit, List<Generation> generations, Duration drain) {
        List<Integer> pids = generations.stream().map(Generation::pid).filter(pid -> inUnit(pid, unit)).toList();
        if (pids.isEmpty()) {
            return true;
        }
        // with KillMode=none (systemd before 257, see lighttpdctl-generator) systemd kills nothing: no stand-in
        boolean standIn = "none".equals(environment.get("LIGHTTPDCTL_KILLMODE")) || handMainPidToStandIn(unit);
        String scope = unit.replaceFirst("\\.service$", "") + "-drain-" + pids.get(0) + ".scope";
        try {
            TransientScope.start(scope, "lighttpd generation(s) " + pids + " draining after a restart of " + unit,
                    pids, drain.plus(SCOPE_MARGIN));
            awaitMove(pids, scope);
            context.console().step("moved PID " + pids + " into " + scope + " to drain there");
            return standIn;
        } catch (IOException e) {
            context.console().warn("cannot move PID " + pids + " into " + scope + ": " + e.getMessage()
                    + "; systemd will cut their drain short");
            return false;
        }
    }

    private boolean handMainPidToStandIn(String unit) {
        try {
            Process standIn = new ProcessBuilder("sleep", STAND_IN_SECONDS)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            context.syscalls().notifyWithDescriptors(environment.get("NOTIFY_SOCKET"),
                    "MAINPID=" + standIn.pid(), List.of());
            context.console().step("main PID of " + unit + " handed to stand-in PID " + standIn.pid());
            return true;
        } catch (IOException e) {
            context.console().warn("cannot hand the main PID of " + unit + " to a stand-in: " + e.getMessage()
                    + "; systemd will cut the drain of the main process short");
            return false;
        }
    }

    private static void awaitMove(List<Integer> pids, String scope) throws IOException {
        long deadline = System.nanoTime() + MOVE_TIMEOUT.toNanos();
        // a generation that exited meanwhile needs no move
        while (!pids.stream().allMatch(pid -> !Files.exists(Path.of("/proc/" + pid)) || inUnit(pid, scope))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("systemd did not move them within " + MOVE_TIMEOUT.toSeconds() + " s");
            }
            Sleep.millis(20);
        }
    }

    /** True when PID's cgroup (or a gone process: nothing to move) lies in {@code unit}. */
    static boolean inUnit(int pid, String unit) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/cgroup")).stream()
                    .anyMatch(line -> line.endsWith("/" + unit) || line.contains("/" + unit + "/"));
        } catch (IOException e) {
            return false;
        }
    }
}
