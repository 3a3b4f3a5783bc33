package org.lighttpdctl.lifecycle.state;

import java.io.IOException;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.server.GenerationStore;
import org.lighttpdctl.server.Instance;
import org.lighttpdctl.server.ServerScan;

/**
 * One unreadable record (an empty file after a full disk, a hand edit) must not stop status, graceful or stop:
 * it is reported with a warning and, under the lock, set aside (see {@link GenerationStore#setAside}).
 */
public final class UnreadableRecords {
    private UnreadableRecords() {
    }

    /** For status, which changes nothing: warn only. */
    public static void warn(Instance instance, Context context) {
        try {
            for (GenerationStore.UnreadableRecordException bad : instance.generations().unreadable()) {
                context.console().warn(bad.getMessage() + ": ignored");
            }
        } catch (IOException e) {
            context.console().warn("cannot list generation records in " + instance.generations().dir() + ": "
                    + e.getMessage());
        }
    }

    /** Under the lock: warn, and set each aside. */
    public static void setAside(Instance instance, Context context) throws LighttpdctlException {
        GenerationStore store = instance.generations();
        try {
            for (GenerationStore.UnreadableRecordException bad : store.unreadable()) {
                store.setAside(bad, ServerScan.realBinary(instance.binary().path()));
                context.console().warn(bad.getMessage() + ": set aside as " + bad.file().getFileName()
                        + ".unreadable");
            }
        } catch (IOException e) {
            throw new LighttpdctlException(ExitCode.GENERIC_ERROR, "cannot set aside unreadable generation records in "
                    + store.dir() + ": " + e.getMessage(), e);
        }
    }
}
