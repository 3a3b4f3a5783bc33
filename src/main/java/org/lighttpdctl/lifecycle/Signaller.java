package org.lighttpdctl.lifecycle;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.os.Pidfd;
import org.lighttpdctl.os.Signal;
import org.lighttpdctl.os.SyscallException;
import org.lighttpdctl.server.Generation;

/**
 * Sends a signal to a generation only after proving it is still that generation. The pidfd is opened first and
 * the identity checked after: from then on the pidfd names that process even if it exits and its PID is reused,
 * so there is no window between check and signal.
 */
public final class Signaller {
    private final Context context;

    public Signaller(Context context) {
        this.context = context;
    }

    /** Returns false when the generation is already gone (nothing was signalled). */
    public boolean signal(Generation generation, Signal signal) throws LighttpdctlException {
        if (generation.pid() <= 1) {
            return false;
        }
        try (Pidfd pidfd = Pidfd.open(context.syscalls(), generation.pid())) {
            if (!context.scan().isSameProcess(generation)) {
                return false;
            }
            pidfd.signal(signal);
            context.processesChanged(); // SIGINT closes its listeners, SIGTERM and SIGKILL end it
            context.console().step("sent " + signal.signame() + " to PID " + generation.pid());
            return true;
        } catch (SyscallException e) {
            if (e.errno() == SyscallException.Errno.ESRCH) {
                return false;
            }
            throw new LighttpdctlException(e.isPermissionDenied() ? ExitCode.INSUFFICIENT_PRIVILEGE
                    : ExitCode.GENERIC_ERROR, e.getMessage(), e);
        }
    }
}
