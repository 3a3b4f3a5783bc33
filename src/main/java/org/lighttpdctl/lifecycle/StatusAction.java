package org.lighttpdctl.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.StatusCode;
import org.lighttpdctl.lifecycle.state.Instances;
import org.lighttpdctl.lifecycle.state.UnreadableRecords;
import org.lighttpdctl.server.Census;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;
import org.lighttpdctl.server.ServingConfig;
import org.lighttpdctl.server.UnreadableConfigException;

/**
 * status: reads only (no lock, no native code while a generation lighttpdctl started serves, so it stays fast
 * inside init scripts and monitoring). A pidfile whose PID is gone or now names another program gives 1 ("dead,
 * pidfile exists") and that PID is never signalled.
 */
public final class StatusAction {
    private final Context context;

    public StatusAction(Context context) {
        this.context = context;
    }

    public StatusCode run(Settings settings, boolean json) {
        if (context.procfs().effectiveUid() == 0) {
            Optional<StatusCode> answered = fromServingRecord(settings, json);
            if (answered.isPresent()) {
                return answered.get();
            }
        }
        Opened opened;
        try {
            opened = open(settings);
        } catch (LighttpdctlException e) {
            context.console().error(e.getMessage());
            return StatusCode.UNKNOWN;
        }
        Instance instance = opened.instance();
        if (context.procfs().effectiveUid() != 0) {
            return unprivileged(settings, opened, json);
        }
        UnreadableRecords.warn(instance, context);
        OptionalInt pidfilePid;
        Census census;
        try {
            // Without the configuration the pidfile it names is unknown: only --pidfile is read then.
            pidfilePid = opened.configRead() || settings.pidfile().isPresent() ? instance.pidfile().read()
                    : OptionalInt.empty();
            census = context.scan().scan(instance);
        } catch (LighttpdctlException e) {
            context.console().error(e.getMessage());
            return StatusCode.UNKNOWN;
        }
        StatusCode code = census.serving().isPresent() ? StatusCode.RUNNING
                : pidfilePid.isPresent() ? StatusCode.DEAD_PIDFILE_EXISTS : StatusCode.NOT_RUNNING;
        return report(code, instance, census, pidfilePid, json);
    }

    /**
     * While a generation lighttpdctl started serves, the configuration recorded when it was committed names its
     * pidfile and listeners ({@link ServingConfig}), and status answers from it without running
     * {@code lighttpd -p}. Anything else is left to the full path, which reads the configuration: nothing
     * recorded, a record of another generation (a commit the tool did not finish), a server lighttpdctl did not
     * start, a spawn in progress, or any error (the full path reports it).
     */
    private Optional<StatusCode> fromServingRecord(Settings settings, boolean json) {
        try {
            Optional<Instances.Recorded> recorded = Instances.openRecorded(settings, context);
            if (recorded.isEmpty()) {
                return Optional.empty();
            }
            Instance instance = recorded.get().instance();
            Census census = context.scan().scan(instance);
            if (recorded.get().servingIn(census).isEmpty()) {
                return Optional.empty();
            }
            OptionalInt pidfilePid = instance.pidfile().read();
            UnreadableRecords.warn(instance, context);
            return Optional.of(report(StatusCode.RUNNING, instance, census, pidfilePid, json));
        } catch (LighttpdctlException e) {
            return Optional.empty();
        }
    }

    private StatusCode report(StatusCode code, Instance instance, Census census, OptionalInt pidfilePid,
                              boolean json) {
        List<GenerationView> views = new ArrayList<>();
        for (Generation g : census.live()) {
            views.add(new GenerationView(g, context.procfs().startInstant(g.startTicks())));
        }
        StatusReport report = new StatusReport(code, instance, views, pidfilePid);
        context.console().info(json ? report.toJson() : report.toText());
        return code;
    }

    /** Monitoring as a user other than root: answered from what such a user can read (see UnprivilegedStatus). */
    private StatusCode unprivileged(Settings settings, Opened opened, boolean json) {
        if (!opened.configRead() && settings.pidfile().isEmpty()) {
            // no records to read either: nothing tells where the server's pidfile is
            context.console().error("cannot tell whether lighttpd runs without its configuration's pidfile: "
                    + "give --pidfile, or run as root");
            return StatusCode.UNKNOWN;
        }
        try {
            OptionalInt pid = opened.instance().pidfile().read();
            return new UnprivilegedStatus(context).run(opened.instance(), pid, json);
        } catch (LighttpdctlException e) {
            context.console().error(e.getMessage());
            return StatusCode.UNKNOWN;
        }
    }

    /**
     * A configuration broken after the server started (an edit not yet reloaded, a deleted file) stops no server:
     * status still reports the generations the records name, each verified against /proc, with a warning; the
     * next start or reload is what fails.
     */
    private Opened open(Settings settings) throws LighttpdctlException {
        try {
            return new Opened(Instances.open(settings, context, false), true);
        } catch (UnreadableConfigException e) {
            context.console().warn(e.getMessage());
            context.console().warn("status from the generation records only, each verified against /proc");
            return new Opened(Instances.openWithoutConfig(settings, context), false);
        }
    }

    /** The instance, and whether its configuration could be read. */
    private record Opened(Instance instance, boolean configRead) {
    }

    /** A live generation with its start time. */
    record GenerationView(Generation generation, Instant started) {
        long uptimeSeconds() {
            return Math.max(0, Duration.between(started, Instant.now()).toSeconds());
        }
    }
}
