package org.lighttpdctl.lifecycle.restart;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;

/** The kernel or the server rules out a handoff; nothing was changed, so a sequenced restart may follow. */
public final class HandoffImpossibleException extends LighttpdctlException {
    HandoffImpossibleException(String message, Throwable cause) {
        super(ExitCode.GENERIC_ERROR, message, cause);
    }
}
