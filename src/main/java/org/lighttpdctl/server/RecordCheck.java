package org.lighttpdctl.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.lighttpdctl.os.ProcessStat;
import org.lighttpdctl.os.Procfs;

/**
 * Records are data, not orders: a record names a process, and lighttpdctl acts on that process only once the
 * process itself shows it is this instance's generation. The record's PID, start time and executable must match
 * (checked by {@link ServerScan#isSameProcess}), and beyond what the record claims:
 * <ul>
 *   <li>the process runs this instance's lighttpd binary;</li>
 *   <li>a generation lighttpdctl started names its own wrapper config on its command line ({@code -f N.conf} in
 *       this instance's state directory), which no other process does;</li>
 *   <li>an adopted server (one lighttpdctl did not start) runs as root or as server.username, and was started
 *       on this instance's configuration file.</li>
 * </ul>
 */
final class RecordCheck {
    private final Procfs procfs;
    private final Instance instance;
    private final Path binary;
    private final Set<Integer> allowedUids;

    RecordCheck(Procfs procfs, Instance instance) {
        this.procfs = procfs;
        this.instance = instance;
        this.binary = ServerScan.realBinary(instance.binary().path());
        this.allowedUids = ServerUser.allowedUids(instance.effective());
    }

    /** True when the live process the record names is this instance's generation. */
    boolean accepts(Generation g) {
        if (!runs(g.pid(), binary)) {
            return false;
        }
        return g.adopted() ? runsAsAllowedUser(g.pid()) && namesConfig(g.pid())
                : namesWrapper(g.pid(), g.id());
    }

    boolean runsAsAllowedUser(int pid) {
        OptionalInt uid = procfs.owner(pid);
        return uid.isPresent() && allowedUids.contains(uid.getAsInt());
    }

    /**
     * An adopted server was started on the instance's configuration ("lighttpd [-D] -f CONFIG", as Debian's
     * script and unit do); a relative CONFIG is resolved against the process's working directory.
     */
    boolean namesConfig(int pid) {
        List<String> argv = procfs.commandLine(pid);
        int f = argv.indexOf("-f");
        if (f < 0 || f + 1 >= argv.size()) {
            return false;
        }
        Path named = Path.of(argv.get(f + 1));
        if (!named.isAbsolute()) {
            try {
                named = java.nio.file.Files.readSymbolicLink(procfs.root().resolve(pid + "/cwd")).resolve(named);
            } catch (java.io.IOException | RuntimeException e) {
                return false;
            }
        }
        return named.normalize().equals(instance.config().toAbsolutePath().normalize());
    }

    /**
     * Whether a process can be the spawn a PID-less STARTING record announced: it names the generation's wrapper,
     * runs the recorded binary as root or server.username (what lighttpd does before and after dropping
     * privileges), and started no earlier than the record says the spawn was intended (one tick of slack: both
     * clocks are truncated to ticks).
     */
    boolean couldBeSpawnOf(int pid, Generation record) {
        if (!namesWrapper(pid, record.id()) || !runsAsAllowedUser(pid)
                || !runs(pid, record.executable())) {
            return false;
        }
        Optional<ProcessStat> stat = procfs.stat(pid);
        return stat.isPresent() && stat.get().startTicks() >= record.startTicks() - 1;
    }

    /** True when the process runs {@code executable}. */
    private boolean runs(int pid, Path executable) {
        Optional<Path> exe = procfs.executable(pid);
        return exe.isPresent() && exe.get().equals(executable);
    }

    /** The command line is "lighttpd -f STATE/generations/N.conf" exactly as GenerationLauncher spawned it. */
    boolean namesWrapper(int pid, long id) {
        List<String> argv = procfs.commandLine(pid);
        String wrapper = instance.generations().wrapperConfig(id).toString();
        int f = argv.indexOf("-f");
        return f >= 0 && f + 1 < argv.size() && argv.get(f + 1).equals(wrapper);
    }
}
