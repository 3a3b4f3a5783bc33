package org.lighttpdctl.server;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;

/**
 * The configuration cannot be read into an {@link EffectiveConfig} now: lighttpd rejects it, or prints something
 * lighttpdctl does not understand, or names a listener that is no address. Exit code 6 (not configured) for an
 * action that would act on it. It says nothing about the servers already running: those were started from the
 * configuration as it was then, which is why status still reports them (from the records and the pidfile).
 */
public abstract class UnreadableConfigException extends LighttpdctlException {
    protected UnreadableConfigException(String message) {
        super(ExitCode.NOT_CONFIGURED, message);
    }
}
