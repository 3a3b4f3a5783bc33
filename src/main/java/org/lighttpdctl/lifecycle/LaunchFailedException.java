package org.lighttpdctl.lifecycle;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;

/** A new generation did not come up; the message carries lighttpd's own error lines. */
public final class LaunchFailedException extends LighttpdctlException {
    private final boolean addressInUse;

    LaunchFailedException(String message, boolean addressInUse) {
        super(ExitCode.GENERIC_ERROR, message);
        this.addressInUse = addressInUse;
    }

    /** lighttpd could not bind because the address is still held (EADDRINUSE): worth a retry when sequencing. */
    boolean addressInUse() {
        return addressInUse;
    }
}
