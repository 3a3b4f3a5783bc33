package org.lighttpdctl.lifecycle.state;

import java.io.IOException;

import org.lighttpdctl.Console;
import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;
import org.lighttpdctl.server.ServingConfig;

/** Writes generation records, turning a failure into the administrator's message. */
public final class Records {
    private Records() {
    }

    public static void save(Instance instance, Generation... generations) throws LighttpdctlException {
        try {
            for (Generation g : generations) {
                instance.generations().save(g);
            }
        } catch (IOException e) {
            throw new LighttpdctlException(ExitCode.GENERIC_ERROR, "cannot record generations in "
                    + instance.generations().dir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records the configuration this call read as that of {@code committed}, the generation it just made serve
     * ({@link ServingConfig}: status answers from it). A failure costs status only its shortcut: it is a warning,
     * never a failed commit.
     */
    public static void saveServingConfig(Instance instance, Generation committed, Console console) {
        try {
            ServingConfig.record(instance, committed.id());
        } catch (IOException e) {
            console.warn("cannot record the serving configuration in " + instance.servingConfigFile() + ": "
                    + e.getMessage() + " (status reads the configuration instead)");
        }
    }

    /**
     * A server lighttpdctl did not start gets a record of its own before it is replaced or told to drain, so its
     * drain is tracked like any generation's. A generation already recorded is returned as it is.
     */
    public static Generation adopt(Instance instance, Generation serving) throws LighttpdctlException {
        if (!serving.adopted() || serving.id() != 0) {
            return serving;
        }
        try {
            Generation recorded = new Generation(instance.generations().nextId(), serving.pid(),
                    serving.startTicks(), serving.executable(), Generation.Role.SERVING, 0, true);
            save(instance, recorded);
            return recorded;
        } catch (IOException e) {
            throw new LighttpdctlException(ExitCode.GENERIC_ERROR, "cannot record generations in "
                    + instance.generations().dir() + ": " + e.getMessage(), e);
        }
    }
}
