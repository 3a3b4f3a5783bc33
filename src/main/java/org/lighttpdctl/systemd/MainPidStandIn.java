package org.lighttpdctl.systemd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.lighttpdctl.os.ProcessCalls;
import org.lighttpdctl.os.Signal;
import org.lighttpdctl.os.SyscallException;

/**
 * After ExecStop= systemd kills the unit's main process wherever it runs, a process moved into a scope included.
 * A generation that must outlive the stop therefore hands "main process" to a stand-in: a {@code sleep} started
 * here, inside the service's cgroup, announced with MAINPID=; systemd kills the stand-in instead. systemd 257
 * honours MAINPID= while a unit stops; 252 ignores it (the journal shows "Got notification message" and no "Main
 * PID changing"), which is why the package runs systemd before 257 with KillMode=none. The stand-in is started
 * through the seam's posix_spawn, as every other program the tool starts (not ProcessBuilder: see
 * os.HelperProcess), with nothing but /dev/null and an empty environment.
 */
public final class MainPidStandIn {
    /** The stand-in needs to live only until systemd kills it right after ExecStop=. */
    private static final String STAND_IN_SECONDS = "300";
    /** sleep(1) of coreutils; /bin is /usr/bin on every Debian with merged /usr, and a real /bin before it. */
    private static final String SLEEP = "/bin/sleep";

    private MainPidStandIn() {
    }

    /** Starts the stand-in and names it the main process; returns its PID. */
    public static long handOver(ProcessCalls sys, ServiceManager manager) throws IOException {
        int standIn;
        try {
            standIn = sys.spawn(List.of(SLEEP, STAND_IN_SECONDS), Map.of(), List.of(), Path.of("/dev/null"));
        } catch (SyscallException e) {
            throw new IOException("cannot start a stand-in main process: " + e.getMessage(), e);
        }
        try {
            manager.mainPid(standIn);
        } catch (IOException e) {
            end(sys, standIn);
            throw e;
        }
        return standIn;
    }

    /** Ends and reaps a stand-in that could not be announced (our child: its PID cannot have been reused). */
    private static void end(ProcessCalls sys, int standIn) {
        try {
            sys.kill(standIn, Signal.TERM);
            sys.waitExit(standIn, 5_000);
        } catch (SyscallException e) {
            // nothing more to do: an unannounced sleep ends by itself
        }
    }
}
