package org.lighttpdctl.lifecycle.state;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.os.TrustedPath;
import org.lighttpdctl.server.Instance;

/**
 * Refuses, before anything is read, written, started or signalled, a state directory or pidfile directory that
 * someone other than root could have planted or could change (start-stop-daemon's rule, see {@link TrustedPath}):
 * lighttpd reads its wrapper config from the state directory as root, and records there name processes.
 */
final class TrustedState {
    private TrustedState() {
    }

    /**
     * The state root (--state-dir) itself, which must not be a link either, the instance's state directory below
     * it, every directory above them, and everything in the instance's directory.
     */
    static void requireStateDir(java.nio.file.Path stateRoot, java.nio.file.Path stateDir, Context context)
            throws LighttpdctlException {
        try {
            TrustedPath trusted = new TrustedPath(context.procfs().effectiveUid());
            trusted.requireDirectory(stateRoot);
            trusted.requireTree(stateDir);
        } catch (TrustedPath.UntrustedException e) {
            throw new LighttpdctlException(ExitCode.NOT_CONFIGURED,
                    "cannot use state directory " + stateDir + ": " + e.getMessage());
        }
    }

    /** The directory of the canonical pidfile and every directory above it. */
    static void requirePidfileDir(Instance instance, Context context) throws LighttpdctlException {
        try {
            new TrustedPath(context.procfs().effectiveUid())
                    .requireDirectory(instance.pidfile().path().toAbsolutePath().getParent());
        } catch (TrustedPath.UntrustedException e) {
            throw new LighttpdctlException(ExitCode.NOT_CONFIGURED,
                    "cannot use pidfile " + instance.pidfile().path() + ": " + e.getMessage());
        }
    }
}
