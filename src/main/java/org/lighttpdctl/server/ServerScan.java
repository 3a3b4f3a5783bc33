package org.lighttpdctl.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;

import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.os.ListeningSocket;
import org.lighttpdctl.os.ProcessStat;
import org.lighttpdctl.os.Procfs;

/**
 * Finds an instance's generations: its records, each checked to still name the same process (PID, start time and
 * executable), and, when no recorded generation serves, a lighttpd that holds the instance's listening sockets
 * although lighttpdctl did not start it (Debian's own script, or a start by hand).
 */
public final class ServerScan {
    private final Procfs procfs;
    private final Supplier<List<ListeningSocket>> listeners;

    /** @param listeners the listening sockets of this network namespace (lifecycle.Context lists them once) */
    public ServerScan(Procfs procfs, Supplier<List<ListeningSocket>> listeners) {
        this.procfs = procfs;
        this.listeners = listeners;
    }

    public Census scan(Instance instance) throws LighttpdctlException {
        List<Generation> live = new ArrayList<>();
        List<Generation> vanished = new ArrayList<>();
        RecordCheck check = new RecordCheck(procfs, instance);
        for (Generation record : records(instance)) {
            Generation g = resolveSpawned(instance.generations(), record, check);
            if (procfs.isRunning(g.pid(), g.startTicks())) {
                requireVisible(g.pid(), "generation " + g.id());
            }
            // A record whose process does not prove to be this instance's generation is never acted on.
            (isSameProcess(g) && check.accepts(g) ? live : vanished).add(g);
        }
        Optional<Generation> serving = chooseServing(live, readPidfileQuietly(instance.pidfile()));
        List<Generation> starting = new ArrayList<>();
        List<Generation> draining = new ArrayList<>();
        for (Generation g : live) {
            if (serving.isPresent() && serving.get().id() == g.id()) {
                continue;
            }
            (g.role() == Generation.Role.STARTING ? starting : draining).add(g);
        }
        if (serving.isEmpty()) {
            serving = findUnrecorded(instance, live);
        }
        return new Census(serving, starting, draining, vanished);
    }

    private static List<Generation> records(Instance instance) throws LighttpdctlException {
        try {
            return instance.generations().all();
        } catch (IOException e) {
            throw new LighttpdctlException(org.lighttpdctl.ExitCode.GENERIC_ERROR, "cannot read generation records in "
                    + instance.generations().dir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The canonical pidfile is the commit point of a restart: the live generation it names serves, even if the
     * tool died before updating the records. Without it, the newest SERVING record does.
     */
    private static Optional<Generation> chooseServing(List<Generation> live, OptionalInt canonicalPid) {
        if (canonicalPid.isPresent()) {
            for (Generation g : live) {
                if (g.pid() == canonicalPid.getAsInt() && g.role() != Generation.Role.DRAINING) {
                    return Optional.of(g.withRole(Generation.Role.SERVING));
                }
            }
        }
        Optional<Generation> newest = Optional.empty(); // the records are in order of id
        for (Generation g : live) {
            if (g.isServing()) {
                newest = Optional.of(g);
            }
        }
        return newest;
    }

    /**
     * A STARTING record written just before a spawn has no PID yet. If the tool died there, lighttpd may still
     * run, or still be starting: its command line names the generation's wrapper config. A command line is not
     * proof (any user can name a process so), so the process must also run the recorded binary, as root or
     * server.username, and have started after the record was written ({@link RecordCheck#couldBeSpawnOf}).
     * Its own pidfile names the daemon once it is up; before that, the oldest such process is the daemon
     * parent, which lives until its child is ready (the intermediate child of the double fork exits at once).
     */
    private Generation resolveSpawned(GenerationStore store, Generation record, RecordCheck check) {
        if (record.pid() != 0) {
            return record;
        }
        OptionalInt fromPidfile = readPidfileQuietly(new Pidfile(store.serverPidfile(record.id()), false,
                procfs.pidMax(), store.files()));
        List<Integer> naming = new ArrayList<>();
        if (fromPidfile.isPresent() && check.couldBeSpawnOf(fromPidfile.getAsInt(), record)) {
            naming.add(fromPidfile.getAsInt());
        } else {
            for (int pid : procfs.pids()) {
                if (check.couldBeSpawnOf(pid, record)) {
                    naming.add(pid);
                }
            }
        }
        ProcessStat oldest = null;
        for (int pid : naming) {
            Optional<ProcessStat> stat = procfs.stat(pid);
            if (stat.isPresent() && stat.get().isAlive()
                    && (oldest == null || stat.get().startTicks() < oldest.startTicks())) {
                oldest = stat.get();
            }
        }
        return oldest == null ? record : new Generation(record.id(), oldest.pid(), oldest.startTicks(),
                record.executable(), record.role(), record.drainDeadline(), record.adopted());
    }

    /** True while the record's PID still names the process it was written for. */
    public boolean isSameProcess(Generation g) {
        Optional<ProcessStat> stat = procfs.stat(g.pid());
        Optional<Path> exe = procfs.executable(g.pid());
        return stat.isPresent() && stat.get().isAlive() && stat.get().startTicks() == g.startTicks()
                && exe.isPresent() && exe.get().equals(g.executable());
    }

    /** The listening sockets (in this network namespace) that the instance's configuration names. */
    public List<ListeningSocket> configuredListeners(EffectiveConfig config) {
        List<ListeningSocket> matching = new ArrayList<>();
        for (ListeningSocket socket : listeners.get()) {
            for (Endpoint endpoint : config.endpoints()) {
                if (endpoint.isBoundBy(socket)) {
                    matching.add(socket);
                    break;
                }
            }
        }
        return matching;
    }

    /**
     * A process running the instance's binary that holds one of its listening sockets. The canonical pidfile's PID
     * is looked at first; otherwise every process is.
     */
    private Optional<Generation> findUnrecorded(Instance instance, List<Generation> known)
            throws LighttpdctlException {
        Set<Long> inodes = new HashSet<>();
        for (ListeningSocket socket : configuredListeners(instance.effective())) {
            inodes.add(socket.inode());
        }
        if (inodes.isEmpty()) {
            return Optional.empty();
        }
        Set<Integer> candidates = new LinkedHashSet<>();
        OptionalInt fromPidfile = readPidfileQuietly(instance.pidfile());
        if (fromPidfile.isPresent()) {
            requireVisible(fromPidfile.getAsInt(), "the process pidfile " + instance.pidfile().path() + " names");
        }
        if (fromPidfile.isPresent()) {
            candidates.add(fromPidfile.getAsInt());
        }
        candidates.addAll(procfs.pids());
        Set<Integer> knownPids = new HashSet<>();
        for (Generation g : known) {
            knownPids.add(g.pid());
        }
        Path binary = realBinary(instance.binary().path());
        RecordCheck check = new RecordCheck(procfs, instance);
        for (int pid : candidates) {
            Optional<Path> exe = procfs.executable(pid);
            if (knownPids.contains(pid) || exe.isEmpty() || !exe.get().equals(binary)
                    || !check.runsAsAllowedUser(pid) || !check.namesConfig(pid)) {
                continue;
            }
            Optional<ProcessStat> stat = procfs.stat(pid);
            if (stat.isPresent() && stat.get().isAlive()
                    && !java.util.Collections.disjoint(procfs.socketInodes(pid), inodes)) {
                return Optional.of(new Generation(0, pid, stat.get().startTicks(), binary,
                        Generation.Role.SERVING, 0, true));
            }
        }
        return Optional.empty();
    }

    /** A process this caller may not examine is unknown: refuse to call it anything (LSB status 4). */
    private void requireVisible(int pid, String what) throws LighttpdctlException {
        if (pid > 0 && procfs.isExecutableHidden(pid)) {
            throw new LighttpdctlException(org.lighttpdctl.ExitCode.INSUFFICIENT_PRIVILEGE, "cannot tell whether "
                    + what + " (PID " + pid + ") is this instance's lighttpd: cannot read "
                    + procfs.root().resolve(pid + "/exe") + ": Permission denied (run as root)");
        }
    }

    private static OptionalInt readPidfileQuietly(Pidfile pidfile) {
        try {
            return pidfile.read();
        } catch (LighttpdctlException e) {
            return OptionalInt.empty(); // Reported by the action that reads it; here only a hint.
        }
    }

    /** /proc/PID/exe shows the resolved path: compare with the binary's resolved path. */
    public static Path realBinary(Path binary) {
        try {
            return binary.toRealPath();
        } catch (IOException e) {
            return binary.toAbsolutePath().normalize();
        }
    }
}
