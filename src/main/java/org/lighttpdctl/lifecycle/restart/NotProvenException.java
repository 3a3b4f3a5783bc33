package org.lighttpdctl.lifecycle.restart;

import org.lighttpdctl.LighttpdctlException;

/**
 * A new generation started but was not proven to serve within {@link ProvenLaunch#READY_TIMEOUT}; it has been
 * drained and its records forgotten, so nothing of it serves or is recorded.
 */
public final class NotProvenException extends LighttpdctlException {
    NotProvenException(LighttpdctlException cause) {
        super(cause.exitCode(), cause.getMessage(), cause);
    }
}
