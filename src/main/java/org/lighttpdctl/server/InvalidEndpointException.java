package org.lighttpdctl.server;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;

/**
 * A listener in the effective configuration (server.bind with server.port, or a $SERVER["socket"] condition) that
 * lighttpdctl cannot turn into an address. Exit code 6 (not configured): it would not know which socket to hand
 * over or to watch, so it acts on nothing.
 */
public final class InvalidEndpointException extends LighttpdctlException {
    InvalidEndpointException(String spec, String reason) {
        super(ExitCode.NOT_CONFIGURED, "cannot use listener \"" + spec + "\" of the configuration: " + reason);
    }
}
