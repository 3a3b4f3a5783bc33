package org.lighttpdctl.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.StatusCode;
import org.lighttpdctl.lifecycle.state.Instances;
import org.lighttpdctl.lifecycle.state.UnreadableRecords;
import org.lighttpdctl.server.Census;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;
import org.lighttpdctl.server.UnreadableConfigException;

/**
 * status: reads only (no lock, no native code, so it stays fast inside init scripts). A pidfile whose PID is gone
 * or now names another program gives 1 ("dead, pidfile exists") and that PID is never signalled.
 */
public final class StatusAction {
    private final Context context;

    public StatusAction(Context context) {
        this.context = context;
    }

    public StatusCode run(Settings settings, boolean json) {
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
