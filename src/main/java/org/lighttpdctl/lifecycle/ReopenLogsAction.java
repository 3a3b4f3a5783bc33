package org.lighttpdctl.lifecycle;

import java.util.List;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.state.Instances;
import org.lighttpdctl.os.FlockFile;
import org.lighttpdctl.os.Signal;
import org.lighttpdctl.os.SyscallException;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;

/** reopen-logs: SIGHUP to every live generation (draining ones write logs too), e.g. after logrotate. */
public final class ReopenLogsAction {
    private final Context context;

    public ReopenLogsAction(Context context) {
        this.context = context;
    }

    public ExitCode run(Settings settings) throws LighttpdctlException {
        Instance instance = Instances.open(settings, context);
        try (FlockFile lock = Instances.lock(instance, settings, context, "reopen-logs")) {
            List<Generation> live = context.scan().scan(instance).live();
            if (live.isEmpty()) {
                throw new LighttpdctlException(ExitCode.NOT_RUNNING, "lighttpd is not running: no logs to reopen");
            }
            Signaller signaller = new Signaller(context);
            for (Generation g : live) {
                signaller.signal(g, Signal.HUP);
            }
            context.console().info("asked " + live.size() + " lighttpd process(es) to reopen their logs");
            return ExitCode.SUCCESS;
        } catch (SyscallException e) {
            throw new LighttpdctlException(ExitCode.GENERIC_ERROR, e.getMessage(), e);
        }
    }
}
