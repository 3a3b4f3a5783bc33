package org.lighttpdctl.lifecycle;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.os.Signal;
import org.lighttpdctl.server.Generation;

/**
 * lighttpd's own graceful restart (SIGUSR1, 1.4.46+): the same process re-reads its configuration after draining.
 * The listeners stay open but are not polled during the drain, so new clients wait; it is only ever sent after
 * lighttpd -tt passed, because a configuration that fails to load makes the process exit.
 */
final class InPlaceRestart {
    private final Context context;

    InPlaceRestart(Context context) {
        this.context = context;
    }

    RestartOutcome replace(Generation serving) throws LighttpdctlException {
        if (!new Signaller(context).signal(serving, Signal.USR1)) {
            throw new LighttpdctlException(ExitCode.NOT_RUNNING, "serving generation (PID " + serving.pid()
                    + ") exited before it could be signalled");
        }
        return new RestartOutcome(Strategy.IN_PLACE, serving.pid(), serving.pid(), 0, 0);
    }
}
