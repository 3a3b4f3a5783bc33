package org.lighttpdctl.os;

import java.util.Optional;

/**
 * The launcher runs lighttpdctl at a lower CPU priority (nice +10), so that on a busy machine the JVM's start-up
 * work takes CPU from lighttpd's clients last; it passes the priority it was started with in LIGHTTPDCTL_NICE.
 * A new generation must run at that priority, not ours: it is restored before the spawn, and the child inherits
 * it. Raising a priority back needs CAP_SYS_NICE, which an unprivileged container, a user namespace or a unit's
 * CapabilityBoundingSet may take away: then lighttpd runs at the tool's priority, which is worth a warning and
 * never a refusal to start.
 */
public final class Priority {
    private Priority() {
    }

    /** Restores, through {@code sys}, the priority named in LIGHTTPDCTL_NICE; returns a warning when it cannot. */
    public static Optional<String> restoreForSpawn(ProcessCalls sys, String original) {
        if (original == null || !Text.isDigits(original, 1, 2, true)) {
            return Optional.empty();
        }
        try {
            sys.setPriority(Integer.parseInt(original));
            return Optional.empty();
        } catch (SyscallException e) {
            return Optional.of("cannot restore CPU priority " + original + " before starting lighttpd ("
                    + e.getMessage() + ")" + (e.isPermissionDenied()
                    ? " (no CAP_SYS_NICE): lighttpd runs at the priority lighttpdctl was started with" : ""));
        }
    }
}
