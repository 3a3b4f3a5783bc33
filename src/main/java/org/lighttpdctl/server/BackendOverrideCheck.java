package org.lighttpdctl.server;

import java.nio.file.Path;
import java.util.Optional;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.server.config.Backends;
import org.lighttpdctl.server.config.ConfigArray;
import org.lighttpdctl.server.config.ConfigString;
import org.lighttpdctl.server.config.ConfigValue;
import org.lighttpdctl.server.config.LighttpdConfig;

/**
 * The wrapper never says more than the administrator's configuration: after its backend overrides are written,
 * {@code lighttpd -p} of the wrapper must give, for every module it overrides, exactly the value the administrator's
 * configuration gives with only the bin-path sockets renamed for the generation, and print it unambiguously.
 * Anything else (a printer and a parser that disagree, a value that does not survive the round trip) means the
 * override would change what lighttpd runs: the wrapper is not used.
 */
public final class BackendOverrideCheck {
    private BackendOverrideCheck() {
    }

    /** For a generation's wrapper, when the instance gives its backends sockets of their own. */
    public static void requireFor(Instance instance, Path wrapper, long id) throws LighttpdctlException {
        if (!instance.effective().backendSockets().isEmpty()) {
            require(instance.binary(), wrapper, instance.effective().tree(), id);
        }
    }

    /** @throws LighttpdctlException (exit 1) naming the module whose override differs */
    public static void require(LighttpdBinary binary, Path wrapper, LighttpdConfig original, long id)
            throws LighttpdctlException {
        LighttpdConfig written = binary.parsedConfig(wrapper);
        if (written.ambiguousLine().isPresent()) {
            throw refused(wrapper, "lighttpd -p prints it ambiguously (line " + written.ambiguousLine().getAsInt()
                    + ")");
        }
        for (String module : BackendSockets.SPAWNING_MODULES) {
            Optional<ConfigValue> expected = original.global(module)
                    .map(v -> Backends.rewriteHosts(v, options -> renamed(options, id)));
            if (!expected.equals(written.global(module))) {
                throw refused(wrapper, "its " + module + " is not the configured one with the generation's sockets");
            }
        }
    }

    private static ConfigArray renamed(ConfigArray options, long id) {
        Optional<String> socket = options.getString("socket");
        if (options.getString("bin-path").isEmpty() || socket.isEmpty()) {
            return options;
        }
        return options.with("socket", new ConfigString(BackendSockets.socketOf(socket.get(), id)));
    }

    private static LighttpdctlException refused(Path wrapper, String why) {
        return new LighttpdctlException(ExitCode.GENERIC_ERROR, "the configuration written for the new generation ("
                + wrapper + ") says more than the administrator's: " + why + "; it is not used");
    }
}
