package org.lighttpdctl.lifecycle.restart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.lifecycle.Signaller;
import org.lighttpdctl.lifecycle.state.Records;
import org.lighttpdctl.os.AtomicFile;
import org.lighttpdctl.os.Signal;
import org.lighttpdctl.server.BackendOverrideCheck;
import org.lighttpdctl.server.BackendSockets;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;
import org.lighttpdctl.server.WrapperConfig;
import org.lighttpdctl.server.config.LighttpdConfig;

/**
 * lighttpd's own graceful restart (SIGUSR1, 1.4.46+): the same process re-reads its configuration after draining.
 * The listeners stay open but are not polled during the drain, so new clients wait; it is only ever sent after
 * lighttpd -tt passed, because a configuration that fails to load makes the process exit.
 */
public final class InPlaceRestart {
    private final Context context;

    public InPlaceRestart(Context context) {
        this.context = context;
    }

    public RestartOutcome replace(Instance instance, Generation serving) throws LighttpdctlException {
        refreshBackendSockets(instance, serving);
        if (!new Signaller(context).signal(serving, Signal.USR1)) {
            throw new LighttpdctlException(ExitCode.NOT_RUNNING, "serving generation (PID " + serving.pid()
                    + ") exited before it could be signalled");
        }
        Records.saveServingConfig(instance, serving, context.console()); // it re-reads this configuration
        return RestartOutcome.inPlace(serving.pid());
    }

    /**
     * A generation lighttpdctl started re-reads its wrapper at SIGUSR1: its backend overrides are written again from
     * the configuration as lighttpd -p printed it for this call, under the same generation (the same socket paths, which the
     * process frees itself before it re-reads the configuration). lighttpd exits when the configuration it re-reads
     * fails, so the rewritten wrapper must pass lighttpd -tt (and say no more than the configuration) before the
     * signal; otherwise the previous wrapper is put back and nothing is signalled.
     */
    private void refreshBackendSockets(Instance instance, Generation serving) throws LighttpdctlException {
        Path wrapper = instance.generations().wrapperConfig(serving.id());
        if (serving.adopted() || !Files.isRegularFile(wrapper)) {
            return;
        }
        String before;
        try {
            before = Files.readString(wrapper);
            boolean rewrite = !instance.effective().backendSockets().isEmpty();
            LighttpdConfig now = instance.effective().tree();
            List<String> overrides = rewrite ? BackendSockets.overrides(now, serving.id()) : List.of();
            AtomicFile.write(instance.files(), wrapper, WrapperConfig.withBackendOverrides(before, overrides));
            try {
                instance.binary().check(wrapper);
                if (rewrite) {
                    BackendOverrideCheck.require(instance.binary(), wrapper, now, serving.id());
                }
            } catch (LighttpdctlException e) {
                AtomicFile.write(instance.files(), wrapper, before);
                throw new LighttpdctlException(e.exitCode(), "not signalled: the serving generation (PID "
                        + serving.pid() + ") would exit on re-reading its configuration: " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new LighttpdctlException(ExitCode.GENERIC_ERROR, "cannot update " + wrapper + ": " + e.getMessage(), e);
        }
    }
}
