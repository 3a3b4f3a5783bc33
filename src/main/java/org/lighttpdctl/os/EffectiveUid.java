package org.lighttpdctl.os;

import java.io.IOException;

/** This process's effective uid, from /proc/self/status (no native call: status runs without them). */
public final class EffectiveUid {
    private static int cached = -1;

    private EffectiveUid() {
    }

    public static synchronized int get() throws IOException {
        if (cached < 0) {
            try {
                cached = new Procfs().effectiveUid();
            } catch (IllegalStateException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return cached;
    }
}
