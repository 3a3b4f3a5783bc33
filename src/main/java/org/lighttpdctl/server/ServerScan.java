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
            Optional<Generation> named = live.stream().filter(g -> g.pid() == canonicalPid.getAsInt()
                    && g.role() != Generation.Role.DRAINING).findFirst();
            if (named.isPresent()) {
                return named.map(g -> g.withRole(Generation.Role.SERVING));
            }
        }
        return live.stream().filter(Generation::isServing).reduce((older, newer) -> newer);
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
            procfs.pids().stream().filter(pid -> check.couldBeSpawnOf(pid, record)).forEach(naming::add);
        }
        Optional<ProcessStat> stat = naming.stream().map(procfs::stat).flatMap(Optional::stream)
                .filter(ProcessStat::isAlive).min((a, b) -> Long.compare(a.startTicks(), b.startTicks()));
        return stat.map(s -> new Generation(record.id(), s.pid(), s.startTicks(), record.executable(),
                record.role(), record.drainDeadline(), record.adopted())).orElse(record);
    }

    /** True while the record's PID still names the process it was written for. */
    public boolean isSameProcess(Generation g) {
        Optional<ProcessStat> stat = procfs.stat(g.pid());
        return stat.isPresent() && stat.get().isAlive() && stat.get().startTicks() == g.startTicks()
                && procfs.executable(g.pid()).map(exe -> exe.equals(g.executable())).orElse(false);
    }

    /** The listening sockets (in this network namespace) that the instance's configuration names. */
    public List<ListeningSocket> configuredListeners(EffectiveConfig config) {
        List<ListeningSocket> matching = new ArrayList<>();
        for (ListeningSocket socket : listeners.get()) {
            if (config.endpoints().stream().anyMatch(e -> e.isBoundBy(socket))) {
                matching.add(socket);
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
        configuredListeners(instance.effective()).forEach(s -> inodes.add(s.inode()));
        if (inodes.isEmpty()) {
            return Optional.empty();
        }
        Set<Integer> candidates = new LinkedHashSet<>();
        OptionalInt fromPidfile = readPidfileQuietly(instance.pidfile());
        if (fromPidfile.isPresent()) {
            requireVisible(fromPidfile.getAsInt(), "the process pidfile " + instance.pidfile().path() + " names");
        }
        fromPidfile.ifPresent(candidates::add);
        candidates.addAll(procfs.pids());
        Set<Integer> knownPids = new HashSet<>();
        known.forEach(g -> knownPids.add(g.pid()));
        Path binary = realBinary(instance.binary().path());
        RecordCheck check = new RecordCheck(procfs, instance);
        for (int pid : candidates) {
            if (knownPids.contains(pid) || !procfs.executable(pid).map(binary::equals).orElse(false)
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
