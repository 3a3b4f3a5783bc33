package org.lighttpdctl.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.restart.SocketHandoff;
import org.lighttpdctl.lifecycle.restart.TakenSockets;
import org.lighttpdctl.os.Command;
import org.lighttpdctl.os.Pidfd;
import org.lighttpdctl.os.SyscallException;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;

/**
 * `systemctl restart` runs ExecStop= then ExecStart=, which would close the listening sockets in between and
 * refuse every client that connects then. Run by systemd (NOTIFY_SOCKET set, with NotifyAccess=all and
 * FileDescriptorStoreMax= in the unit), stop first parks the live listening sockets in systemd's file descriptor
 * store (sd_notify "FDSTORE=1"): the kernel keeps queueing connections on them, and systemd hands them to the
 * next ExecStart= as LISTEN_FDS, which start passes on to the new generation. systemd empties the store when the
 * unit stops for good.
 */
final class SystemdFdStore {
    private static final String FD_NAME = "lighttpd-listen";
    private final Context context;
    private final Map<String, String> environment;

    SystemdFdStore(Context context, Map<String, String> environment) {
        this.context = context;
        this.environment = environment;
    }

    boolean isAvailable() {
        String socket = environment.get("NOTIFY_SOCKET");
        return socket != null && !socket.isEmpty();
    }

    /** Parks the serving generation's listening sockets; a failure is reported and the stop goes on. */
    void park(Instance instance, Generation serving) {
        try (Pidfd pidfd = Pidfd.open(context.syscalls(), serving.pid());
             TakenSockets sockets = new SocketHandoff(context).take(pidfd, instance)) {
            if (sockets.descriptors().isEmpty()) {
                return;
            }
            context.syscalls().notifyWithDescriptors(environment.get("NOTIFY_SOCKET"),
                    "FDSTORE=1\nFDNAME=" + FD_NAME, sockets.descriptors());
            context.console().step("parked " + sockets.descriptors().size()
                    + " listening socket(s) in systemd's file descriptor store");
        } catch (SyscallException | LighttpdctlException e) {
            context.console().warn("cannot park the listening sockets in systemd's file descriptor store: "
                    + e.getMessage());
        }
    }

    /**
     * True while systemd runs this stop as the first half of a restart job of our unit: then the next ExecStart=
     * follows at once and the old generation may drain while the new one serves.
     */
    boolean restartPending() {
        Optional<String> unit = ownUnit();
        if (unit.isEmpty()) {
            return false;
        }
        String jobs;
        try {
            jobs = Command.run(List.of("systemctl", "list-jobs", "--no-legend", "--plain", unit.get()), 5_000).output();
        } catch (IOException e) {
            return false;
        }
        // "JOB UNIT TYPE STATE", e.g. "1234 lighttpd.service restart running"
        return jobs.lines()
                .map(line -> line.trim().split("\\s+"))
                .anyMatch(f -> f.length >= 3 && f[1].equals(unit.get()) && f[2].equals("restart"));
    }

    /** The service unit this process runs in, from its cgroup (e.g. "0::/system.slice/lighttpd.service"). */
    static Optional<String> ownUnit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                String path = line.substring(line.lastIndexOf(':') + 1);
                String last = path.substring(path.lastIndexOf('/') + 1);
                if (last.endsWith(".service")) {
                    return Optional.of(last);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
