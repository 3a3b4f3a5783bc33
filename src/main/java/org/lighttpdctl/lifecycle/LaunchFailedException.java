package org.lighttpdctl.lifecycle;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;

/**
 * A new generation did not come up, and nothing of it is left running or recorded; the message carries lighttpd's
 * own error lines.
 */
public final class LaunchFailedException extends LighttpdctlException {
    LaunchFailedException(String message) {
        super(ExitCode.GENERIC_ERROR, message);
    }
}
