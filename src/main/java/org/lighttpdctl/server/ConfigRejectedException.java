package org.lighttpdctl.server;

/**
 * The configuration file is missing or no regular file, or lighttpd itself rejects it ({@code -tt} or {@code -p}
 * fails or hangs, in its own words).
 */
public final class ConfigRejectedException extends UnreadableConfigException {
    ConfigRejectedException(String message) {
        super(message);
    }
}
