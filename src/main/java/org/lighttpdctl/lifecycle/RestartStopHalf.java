package org.lighttpdctl.lifecycle;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.restart.RestartOptions;
import org.lighttpdctl.lifecycle.state.Housekeeping;
import org.lighttpdctl.lifecycle.state.Records;
import org.lighttpdctl.os.AtomicFile;
import org.lighttpdctl.os.DirectoryFd;
import org.lighttpdctl.os.EffectiveUid;
import org.lighttpdctl.os.Signal;
import org.lighttpdctl.server.Census;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;
import org.lighttpdctl.server.Pidfile;
import org.lighttpdctl.systemd.DrainScope;
import org.lighttpdctl.systemd.MainPidStandIn;
import org.lighttpdctl.systemd.ServiceManager;
import org.lighttpdctl.systemd.ServiceUnit;

/**
 * The stop half of a restart job of lighttpd.service (`systemctl restart`, and what becomes one: service and
 * invoke-rc.d restart, lighttpd's postinst through deb-systemd-invoke, the package trigger). systemd runs ExecStop=
 * then ExecStart=; the serving generation must keep accepting until a successor is proven, so this ExecStop= never
 * stops it. What it does instead depends on what the systemd version allows:
 * <ul>
 *   <li>systemd 257 and later (KillMode=control-group): the serving generation and every other live generation move
 *       with their whole process trees into a drain scope, still accepting, untold; the main PID goes to a stand-in
 *       that systemd kills instead. ExecStart= then finds the serving generation in that scope and replaces it by
 *       the handoff restart ({@link StartAction}). The listening sockets are also parked in the file descriptor
 *       store, for an ExecStart= that finds the generation gone.
 *   <li>systemd before 257 (the generator's KillMode=none, LIGHTTPDCTL_KILLMODE=none): systemd ignores MAINPID=
 *       while stopping and waits for the main process to exit before ExecStart=, so the whole handoff happens
 *       here: a new generation is launched on the live sockets, proven, committed, and the old one drains (the
 *       stop waits for it, bounded by the drain timeout); ExecStart= finds it serving. A marker tells the unit's
 *       ExecStopPost= (end-leftovers) to spare that generation's tree.
 * </ul>
 * When either fails, the old behaviour follows: sockets parked, every generation told to drain (SIGINT), and the
 * next ExecStart= starts on the parked sockets.
 */
final class RestartStopHalf {
    /** Read by /usr/share/lighttpdctl/end-leftovers: "PID" of the generation a restart's stop half committed. */
    static final Path HANDOVER_MARKER = Path.of("/run/lighttpdctl/restart-handover");

    /** Where the stop half's handoff commits (systemd before 257), in the instance's state directory. */
    private static final String STOP_HALF_PIDFILE = "restart-stop-half.pid";

    private final Context context;
    private final ServiceUnit unit;
    private final ServiceManager manager;
    private final boolean killModeNone;

    private RestartStopHalf(Context context, ServiceUnit unit, ServiceManager manager, boolean killModeNone) {
        this.context = context;
        this.unit = unit;
        this.manager = manager;
        this.killModeNone = killModeNone;
    }

    /** Present when this process is ExecStop= of a service whose restart job runs. */
    static Optional<RestartStopHalf> detect(Context context, Map<String, String> environment) {
        ServiceManager manager = new ServiceManager(context.syscalls(), environment);
        if (!manager.isAvailable()) {
            return Optional.empty();
        }
        return ServiceUnit.own().filter(ServiceUnit::restartJobRunning).map(unit -> new RestartStopHalf(context,
                unit, manager, "none".equals(environment.get("LIGHTTPDCTL_KILLMODE"))));
    }

    /**
     * Whether this stop half leaves the serving generation serving in a drain scope (systemd 257 and later), and so
     * acts on that generation alone; before 257 it launches the next generation itself, from the configuration.
     */
    boolean releasesServing() {
        return !killModeNone;
    }

    ExitCode run(Instance instance, Census census) throws LighttpdctlException {
        Optional<Generation> serving = census.serving();
        if (serving.isEmpty()) {
            return drainAndPark(instance, census.live());
        }
        return killModeNone ? handOverNow(instance, census) : release(instance, census, serving.get());
    }

    /**
     * systemd before 257: the restart transaction itself, before systemd's stop completes. systemd 252 re-reads
     * PIDFile= when the main process exits, even while the unit stops (the journal: "Main PID changing: OLD ->
     * NEW"), and would then wait for the new generation to exit, until TimeoutStopSec=. So the transaction commits
     * to a pidfile of its own in the state directory: the canonical one names the old generation until it has
     * exited, and ExecStart= writes it for the new one (StartAction heals it from the records).
     */
    private ExitCode handOverNow(Instance instance, Census census) throws LighttpdctlException {
        park(instance, census.serving().get());
        Pidfile stopHalfPidfile = new Pidfile(instance.stateDir().resolve(STOP_HALF_PIDFILE), true,
                context.procfs().pidMax(), instance.files());
        Instance committingAside = new Instance(instance.config(), instance.binary(), instance.effective(),
                stopHalfPidfile, instance.stateDir(), instance.files());
        try {
            new GracefulAction(context).replaceForRestartStop(committingAside,
                    new RestartOptions(Optional.empty(), Optional.empty(), true));
        } catch (LighttpdctlException e) {
            context.console().warn("the restart's stop half could not hand over: " + e.getMessage());
            return drainAndPark(instance, context.scan().scan(instance).live());
        }
        OptionalInt fresh = stopHalfPidfile.read();
        stopHalfPidfile.remove();
        if (fresh.isPresent()) {
            writeMarker(fresh.getAsInt());
        }
        return ExitCode.SUCCESS;
    }

    /** systemd 257 and later: out of the stop's reach, still serving; ExecStart= replaces it. */
    private ExitCode release(Instance instance, Census census, Generation serving) throws LighttpdctlException {
        park(instance, serving);
        Records.save(instance, Records.adopt(instance, serving));
        List<Integer> roots = census.live().stream().map(Generation::pid).toList();
        Duration drain = DrainTimeouts.of(instance, Optional.empty());
        try {
            String scope = new DrainScope(context.procfs(), unit).release(roots, drain,
                    "lighttpd generation(s) " + roots + " released by a restart of " + unit.name());
            long standIn = MainPidStandIn.handOver(context.syscalls(), manager);
            context.console().info("lighttpd (PID " + serving.pid() + ") still serves from " + scope
                    + " until the restart's new generation is proven; main PID of " + unit.name()
                    + " handed to stand-in PID " + standIn);
            return ExitCode.SUCCESS;
        } catch (IOException e) {
            context.console().warn("cannot keep lighttpd (PID " + serving.pid() + ") serving across the restart: "
                    + e.getMessage() + "; it drains now and the restart starts on the parked sockets");
            return drainAndPark(instance, census.live());
        }
    }

    /** The fallback: every live generation not yet told drains; the parked sockets wait for ExecStart=. */
    private ExitCode drainAndPark(Instance instance, List<Generation> live) throws LighttpdctlException {
        Signaller signaller = new Signaller(context);
        long deadline = System.currentTimeMillis() + DrainTimeouts.of(instance, Optional.empty()).toMillis();
        Housekeeping housekeeping = new Housekeeping(context);
        Set<Long> listeners = housekeeping.listenerInodes(instance);
        // Generations already draining took their SIGINT: a second one would cut their requests at once.
        for (Generation g : live.stream().filter(g -> housekeeping.holdsListeners(g, listeners)).toList()) {
            Records.save(instance, Records.adopt(instance, g).draining(deadline));
            signaller.signal(g, Signal.INT);
        }
        instance.pidfile().remove();
        context.console().info("lighttpd is draining (PID " + String.join(", ", live.stream()
                .map(g -> Integer.toString(g.pid())).toList()) + "); its listening sockets wait in systemd's "
                + "file descriptor store for the restart");
        return ExitCode.SUCCESS;
    }

    private void park(Instance instance, Generation serving) {
        new ParkedListeners(context, manager).park(instance, serving);
    }

    /** Written as every state file is: directories by the checked descriptor walk, the file atomically, root-only. */
    private void writeMarker(int pid) {
        try {
            DirectoryFd.createTrusted(context.files(), HANDOVER_MARKER.getParent(), EffectiveUid.get());
            AtomicFile.write(context.files(), HANDOVER_MARKER, pid + "\n", AtomicFile.PRIVATE);
        } catch (IOException e) {
            context.console().warn("cannot write " + HANDOVER_MARKER + ": " + e.getMessage()
                    + "; the unit's ExecStopPost= may end the new generation");
        }
    }
}
