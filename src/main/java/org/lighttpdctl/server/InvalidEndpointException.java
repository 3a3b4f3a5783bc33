package org.lighttpdctl.server;

/**
 * A listener in the effective configuration (server.bind with server.port, or a $SERVER["socket"] condition) that
 * lighttpdctl cannot turn into an address. Exit code 6 (not configured): it would not know which socket to hand
 * over or to watch, so it acts on nothing.
 */
public final class InvalidEndpointException extends UnreadableConfigException {
    InvalidEndpointException(String spec, String reason) {
        super("cannot use listener \"" + spec + "\" of the configuration: " + reason);
    }
}
