package org.lighttpdctl.lifecycle.state;

import java.io.IOException;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;

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
