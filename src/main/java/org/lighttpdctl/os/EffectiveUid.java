package org.lighttpdctl.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's effective uid, from /proc/self/status (no native call: status runs without them). */
public final class EffectiveUid {
    private static int cached = -1;

    private EffectiveUid() {
    }

    public static synchronized int get() throws IOException {
        if (cached < 0) {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    cached = Integer.parseInt(line.split("\\s+")[2]); // real, effective, saved, fs
                }
            }
            if (cached < 0) {
                throw new IOException("cannot read the effective uid from /proc/self/status");
            }
        }
        return cached;
    }
}
