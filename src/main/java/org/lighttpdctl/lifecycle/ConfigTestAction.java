package org.lighttpdctl.lifecycle;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.server.LighttpdBinary;

/** configtest: lighttpd -tt on the configuration, exit 6 with lighttpd's own lines when it fails. */
public final class ConfigTestAction {
    private final Context context;

    public ConfigTestAction(Context context) {
        this.context = context;
    }

    public ExitCode run(Settings settings) throws LighttpdctlException {
        LighttpdBinary binary = new LighttpdBinary(settings.daemon());
        binary.check(settings.config());
        context.console().info("configuration " + settings.config() + ": Syntax OK");
        return ExitCode.SUCCESS;
    }
}
