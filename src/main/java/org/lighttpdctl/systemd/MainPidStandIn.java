package org.lighttpdctl.systemd;

import java.io.File;
import java.io.IOException;

/**
 * After ExecStop= systemd kills the unit's main process wherever it runs, a process moved into a scope included.
 * A generation that must outlive the stop therefore hands "main process" to a stand-in: a {@code sleep} started
 * here, inside the service's cgroup, announced with MAINPID=; systemd kills the stand-in instead. systemd 257
 * honours MAINPID= while a unit stops; 252 ignores it (the journal shows "Got notification message" and no "Main
 * PID changing"), which is why the package runs systemd before 257 with KillMode=none.
 */
public final class MainPidStandIn {
    /** The stand-in needs to live only until systemd kills it right after ExecStop=. */
    private static final String STAND_IN_SECONDS = "300";

    private MainPidStandIn() {
    }

    /** Starts the stand-in and names it the main process; returns its PID. */
    public static long handOver(ServiceManager manager) throws IOException {
        Process standIn = new ProcessBuilder("sleep", STAND_IN_SECONDS)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            manager.mainPid(standIn.pid());
        } catch (IOException e) {
            standIn.destroy();
            throw e;
        }
        return standIn.pid();
    }
}
