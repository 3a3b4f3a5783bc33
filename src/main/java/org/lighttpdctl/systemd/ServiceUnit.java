package org.lighttpdctl.systemd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.lighttpdctl.os.Command;
import org.lighttpdctl.os.Procfs;

/**
 * The systemd service this process runs in (as ExecStart=, ExecStop=, ... of lighttpd.service), found from its
 * own cgroup, and what systemd is doing with it. Processes are placed by their cgroup path, compared exactly: a
 * user unit of the same name (/user.slice/.../lighttpd.service) is another unit.
 *
 * @param name      the unit's name, e.g. "lighttpd.service"
 * @param cgroup    its cgroup path, e.g. "/system.slice/lighttpd.service"
 */
public record ServiceUnit(String name, String cgroup) {
    private static final String SCOPE_INFIX = "-drain-";

    /** The service unit of this process; empty outside one (a login session, a container without systemd). */
    public static Optional<ServiceUnit> own() {
        return ownFrom(readCgroups("self"));
    }

    static Optional<ServiceUnit> ownFrom(List<String> cgroupLines) {
        for (String line : cgroupLines) {
            String path = cgroupPath(line);
            String last = path.substring(path.lastIndexOf('/') + 1);
            if (last.endsWith(".service")) {
                return Optional.of(new ServiceUnit(last, path));
            }
        }
        return Optional.empty();
    }

    /** True when PID's cgroup is this unit's own (not a sub-cgroup, not a scope): what its stop kills. */
    public boolean holds(int pid) {
        return readCgroups(Integer.toString(pid)).stream().anyMatch(line -> cgroupPath(line).equals(cgroup));
    }

    /** The name of the scope a generation released by a restart of this unit drains in. */
    public String drainScope(int pid) {
        return name.replaceFirst("\\.service$", "") + SCOPE_INFIX + pid + ".scope";
    }

    /** True when PID lies in a drain scope of this unit ({@link #drainScope}), next to the unit in its slice. */
    public boolean releasedToDrainScope(int pid) {
        String slice = cgroup.substring(0, cgroup.lastIndexOf('/') + 1);
        String prefix = slice + name.replaceFirst("\\.service$", "") + SCOPE_INFIX;
        return readCgroups(Integer.toString(pid)).stream()
                .map(ServiceUnit::cgroupPath)
                .anyMatch(path -> path.startsWith(prefix) && path.endsWith(".scope") && path.indexOf('/', prefix.length()) < 0);
    }

    /** True when PID's cgroup is exactly {@code scope} in this unit's slice. */
    public boolean inScope(int pid, String scope) {
        String slice = cgroup.substring(0, cgroup.lastIndexOf('/') + 1);
        return readCgroups(Integer.toString(pid)).stream().anyMatch(line -> cgroupPath(line).equals(slice + scope));
    }

    /**
     * True while systemd runs a restart job of this unit: then this ExecStop= (or ExecStopPost=) is the stop half
     * of a restart and ExecStart= follows at once.
     */
    public boolean restartJobRunning() {
        String jobs;
        try {
            jobs = Command.run(List.of("systemctl", "list-jobs", "--no-legend", "--plain", name), 5_000).output();
        } catch (IOException e) {
            return false;
        }
        return restartJobIn(jobs, name);
    }

    /** In `systemctl list-jobs` output ("JOB UNIT TYPE STATE", e.g. "1234 lighttpd.service restart running"). */
    static boolean restartJobIn(String jobs, String unit) {
        return jobs.lines()
                .map(line -> line.trim().split("\\s+"))
                .anyMatch(f -> f.length >= 3 && f[1].equals(unit) && f[2].equals("restart"));
    }

    /** The path of one /proc/PID/cgroup line, "ID:CONTROLLERS:PATH" (cgroup v2: "0::PATH"). */
    static String cgroupPath(String line) {
        int first = line.indexOf(':');
        int second = first < 0 ? -1 : line.indexOf(':', first + 1);
        return second < 0 ? "" : line.substring(second + 1);
    }

    private static List<String> readCgroups(String pid) {
        try {
            // the v2 line ("0::") or the v1 name=systemd line: both carry systemd's unit path
            return new Procfs().cgroupLines(pid).stream()
                    .filter(line -> line.startsWith("0::") || line.contains(":name=systemd:"))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
